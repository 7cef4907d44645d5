import { waitFor } from "@capstan/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScheduler } from "../src/index.js";
import { startTestCluster, type TestCluster, testLogger } from "./cluster.js";

let cluster: TestCluster;
let stopScheduler: () => Promise<void>;

beforeEach(async () => {
  cluster = await startTestCluster();
  const controller = new AbortController();
  const scheduler = createScheduler({
    transport: cluster.transport,
    restUrl: cluster.restUrl,
    logger: testLogger,
    initialBackoffMs: 100,
    maxBackoffMs: 500,
  });
  const running = scheduler.start(controller.signal);
  stopScheduler = async () => {
    controller.abort();
    await running;
  };
});

afterEach(async () => {
  await stopScheduler();
  await cluster.stop();
});

function addNode(name: string, cpu: string, taints: { key: string; value: string; effect: string }[] = []) {
  const resources = { cpu, memory: "4Gi", pods: "110" };
  return cluster.request("POST", "/api/v1/nodes", {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: { taints },
    status: { capacity: resources, allocatable: resources },
  });
}

function addPod(name: string, cpu: string, schedulerName?: string, priority?: number) {
  return cluster.request("POST", "/api/v1/namespaces/default/pods", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      containers: [{ name: "app", image: "nginx", resources: { requests: { cpu } } }],
      ...(schedulerName ? { schedulerName } : {}),
      ...(priority === undefined ? {} : { priority }),
    },
  });
}

interface PodView {
  spec?: { nodeName?: string };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

async function getPod(name: string): Promise<PodView> {
  return (await cluster.request("GET", `/api/v1/namespaces/default/pods/${name}`)) as PodView;
}

async function waitForNode(name: string): Promise<string> {
  let nodeName = "";
  await waitFor(
    async () => {
      nodeName = (await getPod(name)).spec?.nodeName ?? "";
      return nodeName !== "";
    },
    { timeoutMs: 10_000, description: `pod ${name} bound` },
  );
  return nodeName;
}

async function waitForUnschedulable(name: string): Promise<string> {
  let message = "";
  await waitFor(
    async () => {
      const condition = (await getPod(name)).status?.conditions?.find((c) => c.type === "PodScheduled");
      message =
        condition?.status === "False" && condition.reason === "Unschedulable"
          ? (condition.message ?? "")
          : "";
      return message !== "";
    },
    { timeoutMs: 10_000, description: `pod ${name} unschedulable` },
  );
  return message;
}

async function eventReasons(pod: string): Promise<string[]> {
  const list = (await cluster.request("GET", "/api/v1/namespaces/default/events")) as {
    items: { reason: string; involvedObject: { name: string } }[];
  };
  return list.items.filter((event) => event.involvedObject.name === pod).map((event) => event.reason);
}

describe("scheduler against a real apiserver", () => {
  it("binds pods until the nodes are full, then explains why the next one fits nowhere", async () => {
    await addNode("node-a", "2");
    await addNode("node-b", "2");
    await addNode("node-c", "8", [{ key: "dedicated", value: "db", effect: "NoSchedule" }]);
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) {
      await addPod(`web-${i}`, "1");
      placed.push(await waitForNode(`web-${i}`));
    }
    expect(placed.sort()).toEqual(["node-a", "node-a", "node-b", "node-b"]);
    await waitFor(async () => (await eventReasons("web-0")).includes("Scheduled"), {
      timeoutMs: 5_000,
      description: "Scheduled event",
    });

    await addPod("web-4", "1");
    expect(await waitForUnschedulable("web-4")).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu.",
    );
    await waitFor(async () => (await eventReasons("web-4")).includes("FailedScheduling"), {
      timeoutMs: 5_000,
      description: "FailedScheduling event",
    });
    expect((await getPod("web-4")).spec?.nodeName ?? "").toBe("");
  });

  it("places a waiting pod once a node joins", async () => {
    await addNode("small", "1");
    await addPod("big", "3");
    expect(await waitForUnschedulable("big")).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    await addNode("large", "4");
    expect(await waitForNode("big")).toBe("large");
  });

  it("never over-commits a burst of pods, because it assumes each placement before the bind returns", async () => {
    await addNode("node-a", "2");
    await addNode("node-b", "2");
    const names = Array.from({ length: 6 }, (_, i) => `burst-${i}`);
    await Promise.all(names.map((name) => addPod(name, "1")));
    const views = await waitFor(
      async () => {
        const all = await Promise.all(names.map(getPod));
        const settled = all.every(
          (pod) => pod.spec?.nodeName || pod.status?.conditions?.some((c) => c.reason === "Unschedulable"),
        );
        return settled ? all : undefined;
      },
      { timeoutMs: 10_000, description: "every burst pod bound or unschedulable" },
    );
    const perNode = new Map<string, number>();
    for (const pod of views) {
      const node = pod.spec?.nodeName;
      if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
    expect(Object.fromEntries(perNode)).toEqual({ "node-a": 2, "node-b": 2 });
  });

  it("places a waiting pod once a bound pod is deleted and frees room", async () => {
    await addNode("only", "2");
    await addPod("first", "2");
    expect(await waitForNode("first")).toBe("only");
    await addPod("second", "2");
    expect(await waitForUnschedulable("second")).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    await cluster.request("DELETE", "/api/v1/namespaces/default/pods/first?gracePeriodSeconds=0");
    expect(await waitForNode("second")).toBe("only");
  });

  it("leaves pods of another scheduler alone", async () => {
    await addNode("node-a", "2");
    await addPod("theirs", "1", "other-scheduler");
    await addPod("ours", "1");
    await waitForNode("ours");
    expect((await getPod("theirs")).spec?.nodeName ?? "").toBe("");
    expect(await eventReasons("theirs")).toEqual([]);
  });

  it("gives room that frees up to the higher-priority pod first", async () => {
    await addNode("tiny", "1");
    await addPod("low", "2", undefined, 0);
    await addPod("high", "2", undefined, 100);
    await waitForUnschedulable("low");
    await waitForUnschedulable("high");
    await addNode("room", "2");
    expect(await waitForNode("high")).toBe("room");
    expect(await waitForUnschedulable("low")).toBe("0/2 nodes are available: 2 Insufficient cpu.");
  });

  it("follows nodeSelector and tolerations end to end", async () => {
    await addNode("plain", "4");
    await addNode("db", "4", [{ key: "dedicated", value: "db", effect: "NoSchedule" }]);
    await cluster.request("PATCH", "/api/v1/nodes/db", { metadata: { labels: { role: "db" } } }, "merge");
    await cluster.request("POST", "/api/v1/namespaces/default/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "postgres" },
      spec: {
        containers: [{ name: "db", image: "postgres" }],
        nodeSelector: { role: "db" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }],
      },
    });
    expect(await waitForNode("postgres")).toBe("db");
    await cluster.request("POST", "/api/v1/namespaces/default/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "intruder" },
      spec: { containers: [{ name: "app", image: "nginx" }], nodeSelector: { role: "db" } },
    });
    expect(await waitForUnschedulable("intruder")).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: db}.",
    );
  });

  it("keeps pods with required anti-affinity apart, then explains the one left over", async () => {
    for (const name of ["node-a", "node-b", "node-c"]) await addNode(name, "4");
    const antiAffine = (name: string) =>
      cluster.request("POST", "/api/v1/namespaces/default/pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: "db" } },
        spec: {
          containers: [{ name: "db", image: "postgres", ports: [{ containerPort: 5432, hostPort: 5432 }] }],
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
        },
      });
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      await antiAffine(`db-${i}`);
      placed.push(await waitForNode(`db-${i}`));
    }
    expect(placed.sort()).toEqual(["node-a", "node-b", "node-c"]);
    await antiAffine("db-3");
    // NodePorts runs before InterPodAffinity, as in Kubernetes: the host port is what each node reports.
    expect(await waitForUnschedulable("db-3")).toBe(
      "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
    );
  });
});
