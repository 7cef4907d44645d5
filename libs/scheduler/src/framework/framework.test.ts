import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../test/fixtures.js";
import { createDefaultFramework } from "./default-plugins.js";
import { FitError, fitErrorMessage } from "./fit-error.js";
import { createFramework } from "./framework.js";

describe("framework", () => {
  const framework = createDefaultFramework();

  it("picks the feasible node with the highest score", () => {
    const busy = info(testNode("a"), [testPod("x", { cpu: "3" })]);
    const idle = info(testNode("b"));
    expect(framework.schedule(testPod("p", { cpu: "500m" }), [busy, idle])).toMatchObject({
      nodeName: "b",
      feasibleNodes: 2,
    });
  });

  it("lets preferred node affinity outweigh free resources", () => {
    const pod = testPod(
      "p",
      { cpu: "500m" },
      {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 1,
                preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] },
              },
            ],
          },
        },
      },
    );
    const ssd = info(testNode("a", {}, { labels: { disk: "ssd" } }), [testPod("x", { cpu: "3" })]);
    expect(framework.schedule(pod, [ssd, info(testNode("b"))]).nodeName).toBe("a");
  });

  it("explains a pod that fits nowhere with Kubernetes' summary", () => {
    const tainted = testNode(
      "c",
      {},
      { spec: { taints: [{ key: "key", value: "value", effect: "NoSchedule" }] } },
    );
    const nodes = [info(testNode("a", { cpu: "1" })), info(testNode("b", { cpu: "1" })), info(tainted)];
    let error: unknown;
    try {
      framework.schedule(testPod("p", { cpu: "2" }), nodes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FitError);
    expect((error as FitError).message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu.",
    );
  });

  it("says so when there are no nodes", () => {
    expect(() => framework.schedule(testPod("p"), [])).toThrow("0/0 nodes are available.");
  });

  it("rejects a non-positive weight", () => {
    expect(() =>
      createFramework({ filters: [], scores: [{ plugin: { name: "x", score: () => 0 }, weight: 0 }] }),
    ).toThrow(/weight must be an integer >= 1/);
  });
});

describe("fitErrorMessage", () => {
  it('sorts the "count reason" strings as Kubernetes does and counts each reason once per node', () => {
    const reasons = new Map([
      ["a", ["Insufficient memory", "Insufficient cpu"]],
      ["b", ["Insufficient cpu", "Insufficient cpu"]],
      ["c", ["Too many pods"]],
    ]);
    expect(fitErrorMessage(3, reasons)).toBe(
      "0/3 nodes are available: 1 Insufficient memory, 1 Too many pods, 2 Insufficient cpu.",
    );
  });
});
