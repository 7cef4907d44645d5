import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { NOT_READY_TAINT_KEY, taintTolerationPlugin } from "./taint-toleration.js";
import { tolerates } from "./tolerations.js";

const tainted = (key: string, value: string, effect: string) =>
  info(testNode("a", {}, { spec: { taints: [{ key, value, effect }] } }));

describe("TaintToleration", () => {
  it("keeps a pod off a NoSchedule taint it does not tolerate, with Kubernetes' reason", () => {
    expect(taintTolerationPlugin.filter(testPod("p"), tainted("gpu", "true", "NoSchedule"))).toEqual([
      "node(s) had untolerated taint {gpu: true}",
    ]);
  });
  it("filters NoExecute taints but ignores PreferNoSchedule", () => {
    expect(taintTolerationPlugin.filter(testPod("p"), tainted("x", "", "NoExecute"))).toHaveLength(1);
    expect(taintTolerationPlugin.filter(testPod("p"), tainted("x", "", "PreferNoSchedule"))).toBeUndefined();
  });
  it("keeps pods off a not-ready node unless they tolerate it", () => {
    const node = tainted(NOT_READY_TAINT_KEY, "", "NoSchedule");
    expect(taintTolerationPlugin.filter(testPod("p"), node)).toEqual([
      `node(s) had untolerated taint {${NOT_READY_TAINT_KEY}: }`,
    ]);
    const tolerant = testPod("p", {}, { tolerations: [{ key: NOT_READY_TAINT_KEY, operator: "Exists" }] });
    expect(taintTolerationPlugin.filter(tolerant, node)).toBeUndefined();
  });
  it("lets a pod that tolerates the taint by value", () => {
    const pod = testPod(
      "p",
      {},
      { tolerations: [{ key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule" }] },
    );
    expect(taintTolerationPlugin.filter(pod, tainted("gpu", "true", "NoSchedule"))).toBeUndefined();
    expect(taintTolerationPlugin.filter(pod, tainted("gpu", "false", "NoSchedule"))).toHaveLength(1);
  });
});

describe("tolerates", () => {
  const taint = { key: "k", value: "v", effect: "NoSchedule" };
  it("matches as Kubernetes does", () => {
    expect(tolerates({ key: "", operator: "Exists", value: "", effect: "" }, taint)).toBe(true);
    expect(tolerates({ key: "k", operator: "", value: "v", effect: "" }, taint)).toBe(true);
    expect(tolerates({ key: "k", operator: "Exists", value: "", effect: "NoExecute" }, taint)).toBe(false);
    expect(tolerates({ key: "", operator: "Equal", value: "v", effect: "" }, taint)).toBe(false);
    expect(tolerates({ key: "other", operator: "Exists", value: "", effect: "" }, taint)).toBe(false);
  });
});
