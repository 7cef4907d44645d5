import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { NODE_UNSCHEDULABLE_REASON, nodeUnschedulablePlugin } from "./node-unschedulable.js";

describe("NodeUnschedulable", () => {
  const cordoned = info(testNode("a", {}, { spec: { unschedulable: true } }));
  it("lets pods on a schedulable node", () => {
    expect(nodeUnschedulablePlugin.filter(testPod("p"), info(testNode("a")))).toBeUndefined();
  });
  it("keeps pods off a cordoned node", () => {
    expect(nodeUnschedulablePlugin.filter(testPod("p"), cordoned)).toEqual([NODE_UNSCHEDULABLE_REASON]);
  });
  it("lets a pod that tolerates the unschedulable taint on a cordoned node", () => {
    const pod = testPod(
      "p",
      {},
      {
        tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }],
      },
    );
    expect(nodeUnschedulablePlugin.filter(pod, cordoned)).toBeUndefined();
  });
});
