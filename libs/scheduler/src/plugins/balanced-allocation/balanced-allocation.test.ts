import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { balancedAllocationScore } from "./balanced-allocation.js";

describe("BalancedAllocation", () => {
  const node = testNode("a", { cpu: "4", memory: "4Gi" });
  it("gives 100 when cpu and memory shares match", () => {
    expect(balancedAllocationScore(testPod("p", { cpu: "1", memory: "1Gi" }), info(node))).toBe(100);
  });
  it("lowers the score as the shares drift apart", () => {
    const used = [testPod("x", { cpu: "2" })];
    expect(balancedAllocationScore(testPod("p", { cpu: "1", memory: "1Gi" }), info(node, used))).toBe(75);
    expect(balancedAllocationScore(testPod("p", { cpu: "4" }), info(node))).toBe(50);
  });
});
