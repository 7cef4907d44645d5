import type { Pod, WeightedPodAffinityTerm } from "@capstan/api";
import { affinityTermScope, scopeQuery } from "../../framework/affinity-term.js";
import { type ClusterSnapshot, MAX_NODE_SCORE, type NodeInfo } from "../../framework/types.js";

/** One preferred term: its signed weight and the matching pods per value of its topology key. */
interface WeightedDomains {
  readonly topologyKey: string;
  readonly weight: number;
  readonly podsPerDomain: ReadonlyMap<string, number>;
}

/** What PreScore computed for the pod's preferred terms. */
export type AffinityScoreState = readonly WeightedDomains[];

function collect(
  terms: readonly WeightedPodAffinityTerm[],
  sign: 1 | -1,
  pod: Pod,
  snapshot: ClusterSnapshot,
): WeightedDomains[] {
  const namespace = pod.metadata?.namespace ?? "";
  const result: WeightedDomains[] = [];
  for (const { weight, podAffinityTerm: term } of terms) {
    if (!term || term.topologyKey === "" || !weight) continue;
    const podsPerDomain = new Map<string, number>();
    for (const [name, count] of snapshot.countPods(scopeQuery(affinityTermScope(term, namespace)))) {
      const value = snapshot.node(name)?.node.metadata?.labels?.[term.topologyKey];
      if (value !== undefined) podsPerDomain.set(value, (podsPerDomain.get(value) ?? 0) + count);
    }
    result.push({ topologyKey: term.topologyKey, weight: sign * weight, podsPerDomain });
  }
  return result;
}

/**
 * The pod's preferred affinity (+weight) and anti-affinity (-weight) terms with the matching pods per
 * domain. (Kubernetes also scores placed pods' preferred terms toward the incoming pod; Capstan does not.)
 */
export function affinityScoreState(pod: Pod, snapshot: ClusterSnapshot): AffinityScoreState {
  const affinity = pod.spec?.affinity;
  return [
    ...collect(
      affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
      1,
      pod,
      snapshot,
    ),
    ...collect(
      affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
      -1,
      pod,
      snapshot,
    ),
  ];
}

/** A node's raw score: the sum over terms of weight x matching pods in the node's domain. */
export function affinityScore(state: AffinityScoreState, node: NodeInfo): number {
  const labels = node.node.metadata?.labels ?? {};
  let score = 0;
  for (const { topologyKey, weight, podsPerDomain } of state) {
    const value = labels[topologyKey];
    if (value !== undefined) score += weight * (podsPerDomain.get(value) ?? 0);
  }
  return score;
}

/** Kubernetes' NormalizeScore for InterPodAffinity: min-max scaling to 0-100 (all equal gives 0). */
export function normalizeAffinity(scores: number[]): number[] {
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return scores.map((score) => (max > min ? Math.floor((MAX_NODE_SCORE * (score - min)) / (max - min)) : 0));
}
