import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchedulerCluster, startSchedulerCluster } from "../src/scheduler-cluster.js";
import { createKubectl, type Kubectl } from "./support/kubectl.js";

const oneCpu = {
  containers: [{ name: "app", image: "registry.local/app:1", resources: { requests: { cpu: "1" } } }],
};
const FULL = "0/3 nodes are available: 3 Insufficient cpu.";

describe("scheduler resource fit against a real apiserver and hollow nodes", () => {
  let cluster: SchedulerCluster;
  let kubectl: Kubectl;

  beforeAll(async () => {
    cluster = await startSchedulerCluster({
      count: 3,
      namePrefix: "small-",
      capacity: { cpu: "2", memory: "4Gi" },
    });
    kubectl = await createKubectl(cluster.api.restUrl);
  });

  afterAll(async () => {
    await kubectl?.dispose();
    await cluster?.stop();
  });

  it("fills the nodes two 1-cpu pods each, then marks the next pod Unschedulable and says why", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `fit-${i}`);
    for (const name of names) await cluster.createPod(name, oneCpu);
    const placed = await Promise.all(names.map((name) => cluster.nodeOf(name)));
    const perNode = new Map<string, number>();
    for (const node of placed) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    expect([...perNode.entries()].sort()).toEqual([
      ["small-0", 2],
      ["small-1", 2],
      ["small-2", 2],
    ]);

    await cluster.createPod("one-too-many", oneCpu);
    expect(await cluster.unschedulableMessage("one-too-many")).toBe(FULL);
    expect(await cluster.currentNode("one-too-many")).toBe("");
    expect(await cluster.eventsAbout("one-too-many")).toContain(`FailedScheduling: ${FULL}`);
    expect(await cluster.eventsAbout("fit-0")).toContainEqual(
      expect.stringMatching(/^Scheduled: Successfully assigned default\/fit-0 to small-\d$/),
    );
  });

  it("shows the reason in kubectl describe pod", async () => {
    const described = await kubectl.ok(["describe", "pod", "one-too-many"]);
    expect(described).toMatch(/Status:\s+Pending/);
    expect(described).toMatch(/PodScheduled\s+False/);
    expect(described).toMatch(
      new RegExp(`Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+${escapeRegExp(FULL)}`),
    );
  });

  it("runs what it placed: hollow nodes report the pods Running", async () => {
    const listed = await kubectl.ok([
      "get",
      "pod",
      "fit-0",
      "-o",
      "jsonpath={.status.phase} {.status.podIP}",
    ]);
    expect(listed).toMatch(/^Running 10\.64\.\d+\.\d+$/);
  });

  it("places the pending pod once a node joins", async () => {
    await cluster.addNodes({ count: 1, namePrefix: "joined-", capacity: { cpu: "2", memory: "4Gi" } });
    expect(await cluster.nodeOf("one-too-many", 15_000)).toBe("joined-0");
  });

  it("frees room when a pod is deleted", async () => {
    await cluster.createPod("waits-for-room", {
      containers: [{ name: "app", image: "registry.local/app:1", resources: { requests: { cpu: "2" } } }],
    });
    expect(await cluster.unschedulableMessage("waits-for-room")).toBe(
      "0/4 nodes are available: 4 Insufficient cpu.",
    );
    const node = await cluster.currentNode("fit-0");
    const neighbour = (
      await Promise.all([1, 2, 3, 4, 5].map(async (i) => [`fit-${i}`, await cluster.currentNode(`fit-${i}`)]))
    ).find(([, on]) => on === node)?.[0];
    await kubectl.ok(["delete", "pod", "fit-0", String(neighbour), "--wait=true"]);
    expect(await cluster.nodeOf("waits-for-room", 15_000)).toBe(node);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
