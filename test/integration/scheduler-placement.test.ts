import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchedulerCluster, startSchedulerCluster } from "../src/scheduler-cluster.js";

/**
 * Three kinds of node: plain-0; gpu-0 tainted dedicated=gpu:NoSchedule and labelled accelerator=gpu;
 * ssd-0 labelled disk=ssd in zone-b (the others are in zone-a).
 */
describe("scheduler placement rules against a real apiserver and hollow nodes", () => {
  let cluster: SchedulerCluster;

  beforeAll(async () => {
    cluster = await startSchedulerCluster();
    await cluster.addNodes({ count: 1, namePrefix: "plain-", zones: ["zone-a"] });
    await cluster.addNodes({
      count: 1,
      namePrefix: "gpu-",
      zones: ["zone-a"],
      labels: { accelerator: "gpu" },
      taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
    });
    await cluster.addNodes({ count: 1, namePrefix: "ssd-", zones: ["zone-b"], labels: { disk: "ssd" } });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("keeps pods without a toleration off a tainted node", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `plain-pod-${i}`);
    for (const name of names) await cluster.createPod(name);
    const nodes = new Set(await Promise.all(names.map((name) => cluster.nodeOf(name))));
    expect([...nodes].sort()).toEqual(["plain-0", "ssd-0"]);
  });

  it("explains a pod that only the tainted node would take", async () => {
    await cluster.createPod("wants-gpu", { nodeSelector: { accelerator: "gpu" } });
    expect(await cluster.unschedulableMessage("wants-gpu")).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, " +
        "2 node(s) didn't match Pod's node affinity/selector.",
    );
  });

  it("places a pod that tolerates the taint on that node", async () => {
    await cluster.createPod("tolerates-gpu", {
      nodeSelector: { accelerator: "gpu" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
    });
    expect(await cluster.nodeOf("tolerates-gpu")).toBe("gpu-0");
  });

  it("follows a node selector", async () => {
    await cluster.createPod("wants-ssd", { nodeSelector: { disk: "ssd" } });
    expect(await cluster.nodeOf("wants-ssd")).toBe("ssd-0");
  });

  it("follows required node affinity on the zone label", async () => {
    await cluster.createPod("zone-b-only", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: "topology.kubernetes.io/zone", operator: "In", values: ["zone-b"] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(await cluster.nodeOf("zone-b-only")).toBe("ssd-0");
  });

  it("prefers nodes by preferred node affinity", async () => {
    // ssd-0 already holds more pods than plain-0 (the pods above), so only the preference picks it twice.
    const names = ["prefers-ssd-0", "prefers-ssd-1"];
    for (const name of names) {
      await cluster.createPod(name, {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] },
              },
            ],
          },
        },
      });
      expect(await cluster.nodeOf(name)).toBe("ssd-0");
    }
  });

  it("does not place a pod whose required affinity no node matches", async () => {
    await cluster.createPod("nowhere", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In", values: ["nvme"] }] }],
          },
        },
      },
    });
    expect(await cluster.unschedulableMessage("nowhere")).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, " +
        "2 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});
