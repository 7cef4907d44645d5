import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { NODE_NAME_REASON, nodeNamePlugin } from "./node-name.js";

describe("NodeName", () => {
  it("lets a pod without nodeName on any node", () => {
    expect(nodeNamePlugin.filter(testPod("p"), info(testNode("a")))).toBeUndefined();
  });
  it("keeps a pod with nodeName to that node", () => {
    const pod = testPod("p", {}, { nodeName: "a" });
    expect(nodeNamePlugin.filter(pod, info(testNode("a")))).toBeUndefined();
    expect(nodeNamePlugin.filter(pod, info(testNode("b")))).toEqual([NODE_NAME_REASON]);
  });
});
