import { describe, expect, it } from "vitest";
import { info, testNode, testPod } from "../../../test/fixtures.js";
import { NODE_AFFINITY_REASON, nodeAffinityPlugin } from "./node-affinity.js";

const zoneA = info(testNode("a", {}, { labels: { zone: "a", cores: "8" } }));
const zoneB = info(testNode("b", {}, { labels: { zone: "b", cores: "2" } }));

describe("NodeAffinity filter", () => {
  it("needs every nodeSelector label", () => {
    const pod = testPod("p", {}, { nodeSelector: { zone: "a" } });
    expect(nodeAffinityPlugin.filter(pod, zoneA)).toBeUndefined();
    expect(nodeAffinityPlugin.filter(pod, zoneB)).toEqual([NODE_AFFINITY_REASON]);
  });
  it("needs one required term to match (expressions and fields)", () => {
    const pod = testPod(
      "p",
      {},
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }] },
                { matchFields: [{ key: "metadata.name", operator: "In", values: ["c"] }] },
              ],
            },
          },
        },
      },
    );
    expect(nodeAffinityPlugin.filter(pod, zoneA)).toBeUndefined();
    expect(nodeAffinityPlugin.filter(pod, zoneB)).toEqual([NODE_AFFINITY_REASON]);
    expect(nodeAffinityPlugin.filter(pod, info(testNode("c", {}, { labels: {} })))).toBeUndefined();
  });
  it("matches nothing with an empty term", () => {
    const pod = testPod(
      "p",
      {},
      {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } },
        },
      },
    );
    expect(nodeAffinityPlugin.filter(pod, zoneA)).toEqual([NODE_AFFINITY_REASON]);
  });
});

describe("NodeAffinity score", () => {
  it("sums the weights of matching preferred terms and normalizes to 100", () => {
    const pod = testPod(
      "p",
      {},
      {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] },
              },
              { weight: 5, preference: { matchExpressions: [{ key: "cores", operator: "Exists" }] } },
            ],
          },
        },
      },
    );
    const raw = [nodeAffinityPlugin.score(pod, zoneA), nodeAffinityPlugin.score(pod, zoneB)];
    expect(raw).toEqual([5, 15]);
    expect(nodeAffinityPlugin.normalizeScore(raw)).toEqual([33, 100]);
  });
});
