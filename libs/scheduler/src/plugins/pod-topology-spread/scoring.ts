import type { Pod } from "@capstan/api";
import { type ClusterSnapshot, MAX_NODE_SCORE, type NodeInfo } from "../../framework/types.js";
import { fitsNodeAffinity } from "../node-affinity/node-affinity.js";
import { HOSTNAME_KEY, type SpreadConstraint } from "./constraints.js";
import { hasTopologyKeys } from "./filtering.js";

/** What PreScore computed for the ScheduleAnyway constraints. */
export interface SoftSpreadState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: node name -> matching pods there (hostname) or domain -> matching pods (other keys). */
  readonly podsPerNode: readonly ReadonlyMap<string, number>[];
  readonly podsPerDomain: readonly ReadonlyMap<string, number>[];
  /** Per constraint, log(domains + 2): spreading over few domains weighs more per pod. */
  readonly weights: readonly number[];
  /** Feasible nodes lacking a key of an explicit constraint: they score 0. */
  readonly ignored: ReadonlySet<string>;
}

/**
 * Kubernetes' PreScore: domains are those of the feasible nodes; each is credited the matching pods of all
 * the nodes in it the pod could go to. Nodes with matching pods are walked, not every node of the cluster.
 */
export function softSpreadState(
  pod: Pod,
  constraints: readonly SpreadConstraint[],
  feasible: readonly NodeInfo[],
  snapshot: ClusterSnapshot,
  requireAllKeys: boolean,
): SoftSpreadState {
  const soft = constraints.filter((constraint) => !constraint.hard);
  const ignored = new Set<string>();
  const podsPerDomain = soft.map(() => new Map<string, number>());
  for (const node of feasible) {
    if (requireAllKeys && !hasTopologyKeys(node, soft)) {
      ignored.add(node.node.metadata?.name ?? "");
      continue;
    }
    const labels = node.node.metadata?.labels ?? {};
    soft.forEach((constraint, i) => {
      if (constraint.topologyKey !== HOSTNAME_KEY)
        podsPerDomain[i]?.set(labels[constraint.topologyKey] ?? "", 0);
    });
  }
  const podsPerNode = soft.map((constraint) => snapshot.countPods(constraint.query));
  soft.forEach((constraint, i) => {
    if (constraint.topologyKey === HOSTNAME_KEY) return;
    const perDomain = podsPerDomain[i] as Map<string, number>;
    for (const [name, count] of podsPerNode[i] ?? []) {
      const node = snapshot.node(name);
      if (!node || (requireAllKeys && !hasTopologyKeys(node, soft))) continue;
      if (constraint.honorNodeAffinity && !fitsNodeAffinity(pod, node)) continue;
      const domain = node.node.metadata?.labels?.[constraint.topologyKey] ?? "";
      const current = perDomain.get(domain);
      if (current !== undefined) perDomain.set(domain, current + count);
    }
  });
  const weights = soft.map((constraint, i) => {
    const size =
      constraint.topologyKey === HOSTNAME_KEY
        ? feasible.length - ignored.size
        : (podsPerDomain[i]?.size ?? 0);
    return Math.log(size + 2);
  });
  return { constraints: soft, podsPerNode, podsPerDomain, weights, ignored };
}

/** A node's raw score: matching pods in its domains, weighted; fewer is better (normalize flips it). */
export function spreadScore(state: SoftSpreadState, node: NodeInfo): number {
  const name = node.node.metadata?.name ?? "";
  if (state.ignored.has(name)) return 0;
  const labels = node.node.metadata?.labels ?? {};
  let score = 0;
  state.constraints.forEach((constraint, i) => {
    const domain = labels[constraint.topologyKey];
    if (domain === undefined) return;
    const count =
      constraint.topologyKey === HOSTNAME_KEY
        ? (state.podsPerNode[i]?.get(name) ?? 0)
        : (state.podsPerDomain[i]?.get(domain) ?? 0);
    score += count * (state.weights[i] ?? 1) + (constraint.maxSkew - 1);
  });
  return Math.round(score);
}

/** Kubernetes' NormalizeScore: the least crowded node gets 100; ignored nodes get 0. */
export function normalizeSpread(scores: number[], ignored: readonly boolean[]): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  scores.forEach((score, i) => {
    if (ignored[i]) return;
    min = Math.min(min, score);
    max = Math.max(max, score);
  });
  return scores.map((score, i) => {
    if (ignored[i]) return 0;
    if (max === 0) return MAX_NODE_SCORE;
    return Math.floor((MAX_NODE_SCORE * (max + min - score)) / max);
  });
}
