import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { nodeResourcesFitPlugin } from "./node-resources-fit.js";

describe("NodeResourcesFit", () => {
  const node = testNode("a", { cpu: "2", memory: "1Gi", pods: "3" });
  it("fits a pod in what is left of allocatable", () => {
    const used = [testPod("x", { cpu: "1500m", memory: "512Mi" })];
    expect(
      nodeResourcesFitPlugin.filter(testPod("p", { cpu: "500m", memory: "512Mi" }), info(node, used)),
    ).toBeUndefined();
  });
  it("reports Insufficient cpu and memory when requests of assigned pods leave too little", () => {
    const used = [testPod("x", { cpu: "1500m", memory: "768Mi" })];
    expect(
      nodeResourcesFitPlugin.filter(testPod("p", { cpu: "600m", memory: "300Mi" }), info(node, used)),
    ).toEqual(["Insufficient cpu", "Insufficient memory"]);
  });
  it("reports Too many pods at the pod limit, even for a pod with no requests", () => {
    const used = [testPod("x"), testPod("y"), testPod("z")];
    expect(nodeResourcesFitPlugin.filter(testPod("p"), info(node, used))).toEqual(["Too many pods"]);
  });
  it("counts init containers and overhead as Kubernetes does", () => {
    const pod = testPod(
      "p",
      { cpu: "500m" },
      {
        initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "1800m" } } }],
        overhead: { cpu: "300m" },
      },
    );
    expect(nodeResourcesFitPlugin.filter(pod, info(node))).toEqual(["Insufficient cpu"]);
  });
  it("throws a typed error for an unparsable quantity", () => {
    expect(() => nodeResourcesFitPlugin.filter(testPod("p", { cpu: "lots" }), info(node))).toThrow(
      /invalid quantity/,
    );
  });
});
