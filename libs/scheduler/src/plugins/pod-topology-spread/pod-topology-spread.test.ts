import type { Pod } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { info, replicaPod, testNode, testPod, zonedNode } from "../../../test/fixtures.js";
import { CycleState } from "../../framework/cycle-state.js";
import { createSnapshot } from "../../framework/snapshot.js";
import type { NodeInfo } from "../../framework/types.js";
import { MISSING_LABEL_REASON, SPREAD_REASON } from "./filtering.js";
import { createPodTopologySpreadPlugin } from "./pod-topology-spread.js";

const plugin = createPodTopologySpreadPlugin();

function spreadPod(name: string, key: string, when: string, maxSkew = 1, labels = { app: "web" }): Pod {
  return testPod(
    name,
    {},
    {
      topologySpreadConstraints: [
        {
          maxSkew,
          topologyKey: key,
          whenUnsatisfiable: when,
          labelSelector: { matchLabels: { app: "web" } },
        },
      ],
    },
    { labels },
  );
}

const web = (name: string) => testPod(name, {}, {}, { labels: { app: "web" } });

/** Runs PreFilter then Filter on every node; the reasons by node name (undefined = fits). */
function filterAll(pod: Pod, nodes: NodeInfo[]) {
  const state = new CycleState();
  expect(plugin.preFilter(pod, createSnapshot(nodes), state)).toBeUndefined();
  return Object.fromEntries(nodes.map((node) => [node.node.metadata?.name, plugin.filter(pod, node, state)]));
}

/** Runs PreScore, Score and NormalizeScore over the nodes; normalized scores by node name. */
function scoreAll(pod: Pod, nodes: NodeInfo[]) {
  const state = new CycleState();
  plugin.preScore(pod, nodes, createSnapshot(nodes), state);
  const raw = nodes.map((node) => plugin.score(pod, node, state));
  const normalized = plugin.normalizeScore(raw, state);
  return Object.fromEntries(nodes.map((node, i) => [node.node.metadata?.name, normalized[i]]));
}

describe("PodTopologySpread filter (DoNotSchedule)", () => {
  it("keeps a hostname domain within maxSkew of the emptiest one, with Kubernetes' reason", () => {
    const nodes = [info(testNode("a"), [web("w1")]), info(testNode("b")), info(testNode("c"))];
    expect(filterAll(spreadPod("p", "kubernetes.io/hostname", "DoNotSchedule"), nodes)).toEqual({
      a: [SPREAD_REASON],
      b: undefined,
      c: undefined,
    });
  });

  it("spreads over zones, counting every node of a zone", () => {
    const nodes = [
      info(zonedNode("a", "z1"), [web("w1")]),
      info(zonedNode("b", "z1"), [web("w2")]),
      info(zonedNode("c", "z2"), [web("w3")]),
    ];
    expect(filterAll(spreadPod("p", "topology.kubernetes.io/zone", "DoNotSchedule"), nodes)).toEqual({
      a: [SPREAD_REASON],
      b: [SPREAD_REASON],
      c: undefined,
    });
  });

  it("rejects a node without the topology label", () => {
    const nodes = [info(zonedNode("a", "z1")), info(testNode("b"))];
    expect(filterAll(spreadPod("p", "topology.kubernetes.io/zone", "DoNotSchedule"), nodes)).toEqual({
      a: undefined,
      b: [MISSING_LABEL_REASON],
    });
  });

  it("does not count the pod itself when its selector does not match it", () => {
    const nodes = [info(testNode("a"), [web("w1")]), info(testNode("b"))];
    const outsider = spreadPod("p", "kubernetes.io/hostname", "DoNotSchedule", 1, { app: "other" });
    expect(filterAll(outsider, nodes)).toEqual({ a: undefined, b: undefined });
  });

  it("ignores pods of other namespaces and terminating pods", () => {
    const elsewhere = testPod("x", {}, {}, { labels: { app: "web" }, namespace: "other" });
    const leaving = testPod("y", {}, {}, { labels: { app: "web" }, deletionTimestamp: { seconds: 1n } });
    const nodes = [info(testNode("a"), [elsewhere, leaving]), info(testNode("b"))];
    expect(filterAll(spreadPod("p", "kubernetes.io/hostname", "DoNotSchedule"), nodes)).toEqual({
      a: undefined,
      b: undefined,
    });
  });

  it("only counts domains of nodes matching the pod's node selector (nodeAffinityPolicy Honor)", () => {
    const nodes = [
      info(testNode("a", {}, { labels: { "kubernetes.io/hostname": "a", disk: "ssd" } }), [web("w1")]),
      info(testNode("b", {}, { labels: { "kubernetes.io/hostname": "b" } })),
    ];
    const pod = spreadPod("p", "kubernetes.io/hostname", "DoNotSchedule");
    pod.spec = { ...(pod.spec as NonNullable<Pod["spec"]>), nodeSelector: { disk: "ssd" } };
    // b does not count as a domain, so a (1 pod) is the emptiest domain and the pod may still go there.
    expect(filterAll(pod, nodes).a).toBeUndefined();
  });
});

describe("PodTopologySpread score (ScheduleAnyway)", () => {
  it("prefers the node with fewer matching pods", () => {
    const nodes = [
      info(testNode("a"), [web("w1"), web("w2")]),
      info(testNode("b"), [web("w3")]),
      info(testNode("c")),
    ];
    const scores = scoreAll(spreadPod("p", "kubernetes.io/hostname", "ScheduleAnyway"), nodes);
    expect(scores.c).toBe(100);
    expect(scores.b).toBeGreaterThan(scores.a ?? 0);
    expect(scores.a).toBeLessThan(100);
  });

  it("gives the system default spreading to pods of a ReplicaSet, and nothing to bare pods", () => {
    const nodes = [info(testNode("a"), [replicaPod("web", 1), replicaPod("web", 2)]), info(testNode("b"))];
    const scores = scoreAll(replicaPod("web", 3), nodes);
    expect(scores.b).toBe(100);
    expect(scores.a).toBeLessThan(100);
    expect(scoreAll(testPod("bare"), nodes)).toEqual({ a: 0, b: 0 });
  });

  it("gives ignored nodes (missing an explicit constraint's key) 0", () => {
    const nodes = [info(zonedNode("a", "z1")), info(testNode("b"))];
    expect(scoreAll(spreadPod("p", "topology.kubernetes.io/zone", "ScheduleAnyway"), nodes)).toEqual({
      a: 100,
      b: 0,
    });
  });
});

describe("PodTopologySpread args", () => {
  it("takes List defaults and rejects bad ones", () => {
    const list = createPodTopologySpreadPlugin({
      defaultingType: "List",
      defaultConstraints: [
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule" },
      ],
    });
    const state = new CycleState();
    const nodes = [info(testNode("a"), [replicaPod("web", 1)]), info(testNode("b"))];
    list.preFilter(replicaPod("web", 2), createSnapshot(nodes), state);
    expect(list.filter(replicaPod("web", 2), nodes[0] as NodeInfo, state)).toEqual([SPREAD_REASON]);
    expect(() => createPodTopologySpreadPlugin({ defaultingType: "Sometimes" })).toThrow(/System or List/);
    expect(() =>
      createPodTopologySpreadPlugin({ defaultingType: "List", defaultConstraints: [{ maxSkew: 0 }] }),
    ).toThrow(/maxSkew/);
    expect(() => createPodTopologySpreadPlugin({ defaultConstraints: [{}] })).toThrow(/must be empty/);
  });
});
