import { create } from "@bufbuild/protobuf";
import { NodeConditionSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from "../taint-toleration/taint-toleration.js";
import { nodeReadinessPlugin } from "./node-readiness.js";

function nodeWithReady(status: string, taints: { key: string; value: string; effect: string }[] = []) {
  const node = testNode("a", {}, { spec: { taints } });
  node.status?.conditions.push(create(NodeConditionSchema, { type: "Ready", status }));
  return info(node);
}

describe("NodeReadiness", () => {
  it("lets pods on a ready node, and on a node that reports no Ready condition", () => {
    expect(nodeReadinessPlugin.filter(testPod("p"), nodeWithReady("True"))).toBeUndefined();
    expect(nodeReadinessPlugin.filter(testPod("p"), info(testNode("a")))).toBeUndefined();
  });

  it("applies the taint the lifecycle controller would add, with Kubernetes' message", () => {
    expect(nodeReadinessPlugin.filter(testPod("p"), nodeWithReady("False"))).toEqual([
      `node(s) had untolerated taint {${NOT_READY_TAINT_KEY}: }`,
    ]);
    expect(nodeReadinessPlugin.filter(testPod("p"), nodeWithReady("Unknown"))).toEqual([
      `node(s) had untolerated taint {${UNREACHABLE_TAINT_KEY}: }`,
    ]);
  });

  it("lets a pod that tolerates the implied taint", () => {
    const pod = testPod("p", {}, { tolerations: [{ key: NOT_READY_TAINT_KEY, operator: "Exists" }] });
    expect(nodeReadinessPlugin.filter(pod, nodeWithReady("False"))).toBeUndefined();
  });

  it("leaves a node that already carries the taint to TaintToleration", () => {
    const tainted = nodeWithReady("False", [{ key: NOT_READY_TAINT_KEY, value: "", effect: "NoExecute" }]);
    expect(nodeReadinessPlugin.filter(testPod("p"), tainted)).toBeUndefined();
  });
});
