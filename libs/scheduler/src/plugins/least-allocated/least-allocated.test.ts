import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { leastAllocatedScore } from "./least-allocated.js";

describe("LeastAllocated", () => {
  const node = testNode("a", { cpu: "4", memory: "4Gi" });
  it("scores the share of cpu and memory left after placing the pod", () => {
    expect(leastAllocatedScore(testPod("p", { cpu: "1", memory: "1Gi" }), info(node))).toBe(75);
    const used = [testPod("x", { cpu: "2", memory: "1Gi" })];
    expect(leastAllocatedScore(testPod("p", { cpu: "1", memory: "1Gi" }), info(node, used))).toBe(37);
  });
  it("counts default requests for pods that set none", () => {
    expect(leastAllocatedScore(testPod("p"), info(node))).toBeLessThan(100);
  });
  it("gives 0 when the node is over-committed", () => {
    expect(leastAllocatedScore(testPod("p", { cpu: "5", memory: "1Gi" }), info(node))).toBe(37);
    expect(leastAllocatedScore(testPod("p", { cpu: "5", memory: "5Gi" }), info(node))).toBe(0);
  });
});
