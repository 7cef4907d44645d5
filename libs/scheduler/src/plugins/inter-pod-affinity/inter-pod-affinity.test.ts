import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Pod, PodSchema } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { info, testPod, zonedNode } from "../../../test/fixtures.js";
import { CycleState } from "../../framework/cycle-state.js";
import { createSnapshot } from "../../framework/snapshot.js";
import type { NodeInfo } from "../../framework/types.js";
import { AFFINITY_REASON, ANTI_AFFINITY_REASON, EXISTING_ANTI_AFFINITY_REASON } from "./filtering.js";
import { interPodAffinityPlugin as plugin } from "./inter-pod-affinity.js";

const HOST = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";
const term = (app: string, topologyKey = HOST) => ({ labelSelector: { matchLabels: { app } }, topologyKey });

type AffinityInit = NonNullable<NonNullable<MessageInitShape<typeof PodSchema>["spec"]>["affinity"]>;

function pod(name: string, app: string, affinity?: AffinityInit): Pod {
  return testPod(name, {}, affinity ? { affinity } : {}, { labels: { app } });
}

function filterAll(incoming: Pod, nodes: NodeInfo[]) {
  const state = new CycleState();
  plugin.preFilter(incoming, createSnapshot(nodes), state);
  return Object.fromEntries(
    nodes.map((node) => [node.node.metadata?.name, plugin.filter(incoming, node, state)]),
  );
}

function scoreAll(incoming: Pod, nodes: NodeInfo[]) {
  const state = new CycleState();
  plugin.preScore(incoming, nodes, createSnapshot(nodes), state);
  const normalized = plugin.normalizeScore(nodes.map((node) => plugin.score(incoming, node, state)));
  return Object.fromEntries(nodes.map((node, i) => [node.node.metadata?.name, normalized[i]]));
}

describe("InterPodAffinity filter", () => {
  it("keeps a pod with required anti-affinity off nodes with a matching pod", () => {
    const antiWeb = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web")] } };
    const nodes = [info(zonedNode("a", "z1"), [pod("w1", "web")]), info(zonedNode("b", "z1"))];
    expect(filterAll(pod("p", "web", antiWeb), nodes)).toEqual({ a: [ANTI_AFFINITY_REASON], b: undefined });
  });

  it("applies anti-affinity over a whole zone", () => {
    const antiZone = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] },
    };
    const nodes = [
      info(zonedNode("a", "z1"), [pod("w1", "web")]),
      info(zonedNode("b", "z1")),
      info(zonedNode("c", "z2")),
    ];
    expect(filterAll(pod("p", "web", antiZone), nodes)).toEqual({
      a: [ANTI_AFFINITY_REASON],
      b: [ANTI_AFFINITY_REASON],
      c: undefined,
    });
  });

  it("respects the anti-affinity of pods already placed", () => {
    const loner = pod("db", "db", {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web")] },
    });
    const nodes = [info(zonedNode("a", "z1"), [loner]), info(zonedNode("b", "z1"))];
    expect(filterAll(pod("p", "web"), nodes)).toEqual({ a: [EXISTING_ANTI_AFFINITY_REASON], b: undefined });
    expect(filterAll(pod("p", "cache"), nodes)).toEqual({ a: undefined, b: undefined });
  });

  it("only sees pods of the term's namespaces", () => {
    const antiWeb = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web")] } };
    const elsewhere = testPod("w1", {}, {}, { labels: { app: "web" }, namespace: "other" });
    const nodes = [info(zonedNode("a", "z1"), [elsewhere])];
    expect(filterAll(pod("p", "web", antiWeb), nodes)).toEqual({ a: undefined });
  });

  it("needs a matching pod in the domain for required affinity, except for the first of a group", () => {
    const nearCache = {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] },
    };
    const nodes = [
      info(zonedNode("a", "z1"), [pod("c1", "cache")]),
      info(zonedNode("b", "z1")),
      info(zonedNode("c", "z2")),
    ];
    expect(filterAll(pod("p", "web", nearCache), nodes)).toEqual({
      a: undefined,
      b: undefined,
      c: [AFFINITY_REASON],
    });
    const empty = [info(zonedNode("a", "z1")), info(zonedNode("b", "z2"))];
    expect(filterAll(pod("p", "web", nearCache), empty)).toEqual({
      a: [AFFINITY_REASON],
      b: [AFFINITY_REASON],
    });
    // A cache pod with affinity to its own kind may start the group anywhere.
    expect(filterAll(pod("p", "cache", nearCache), empty)).toEqual({ a: undefined, b: undefined });
  });
});

describe("InterPodAffinity score", () => {
  it("prefers nodes away from pods of preferred anti-affinity and near those of preferred affinity", () => {
    const nodes = [
      info(zonedNode("a", "z1"), [pod("w1", "web"), pod("w2", "web")]),
      info(zonedNode("b", "z1"), [pod("w3", "web")]),
      info(zonedNode("c", "z2")),
    ];
    const spreadOut = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term("web") }],
      },
    };
    expect(scoreAll(pod("p", "web", spreadOut), nodes)).toEqual({ a: 0, b: 50, c: 100 });
    const together = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term("web", ZONE) }],
      },
    };
    expect(scoreAll(pod("p", "api", together), nodes)).toEqual({ a: 100, b: 100, c: 0 });
    expect(scoreAll(pod("p", "api"), nodes)).toEqual({ a: 0, b: 0, c: 0 });
  });
});
