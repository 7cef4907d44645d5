import type { Pod } from "@capstan/api";
import type { ClusterSnapshot, FilterResult, NodeInfo } from "../../framework/types.js";
import { fitsNodeAffinity } from "../node-affinity/node-affinity.js";
import type { SpreadConstraint } from "./constraints.js";

/** Kubernetes' reason when placing the pod on the node would skew its domain too much. */
export const SPREAD_REASON = "node(s) didn't match pod topology spread constraints";
/** Kubernetes' reason when the node lacks a label a DoNotSchedule constraint spreads over. */
export const MISSING_LABEL_REASON = `${SPREAD_REASON} (missing required label)`;

/** What PreFilter computed for the DoNotSchedule constraints: matching pods per domain, and the minimum. */
export interface HardSpreadState {
  readonly constraints: readonly SpreadConstraint[];
  readonly podsPerDomain: readonly ReadonlyMap<string, number>[];
  readonly minPerConstraint: readonly number[];
}

/** True when the node has every topology key the constraints spread over. */
export function hasTopologyKeys(node: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.node.metadata?.labels ?? {};
  return constraints.every((constraint) => constraint.topologyKey in labels);
}

/**
 * Counts, per domain of each hard constraint, the matching pods on the nodes the pod could go to (those
 * that match its node affinity, under nodeAffinityPolicy Honor, and have every key), as Kubernetes does.
 */
export function hardSpreadState(
  pod: Pod,
  constraints: readonly SpreadConstraint[],
  snapshot: ClusterSnapshot,
): HardSpreadState {
  const hard = constraints.filter((constraint) => constraint.hard);
  const counts = hard.map((constraint) => snapshot.countPods(constraint.query));
  const podsPerDomain = hard.map(() => new Map<string, number>());
  if (hard.length > 0) {
    for (const node of snapshot.nodes) {
      if (!hasTopologyKeys(node, hard)) continue;
      const name = node.node.metadata?.name ?? "";
      const labels = node.node.metadata?.labels ?? {};
      let affinity: boolean | undefined;
      hard.forEach((constraint, i) => {
        if (constraint.honorNodeAffinity) {
          affinity ??= fitsNodeAffinity(pod, node);
          if (!affinity) return;
        }
        const domain = labels[constraint.topologyKey] ?? "";
        const perDomain = podsPerDomain[i] as Map<string, number>;
        perDomain.set(domain, (perDomain.get(domain) ?? 0) + (counts[i]?.get(name) ?? 0));
      });
    }
  }
  const minPerConstraint = hard.map((constraint, i) => {
    const perDomain = podsPerDomain[i] as Map<string, number>;
    if (perDomain.size < constraint.minDomains) return 0;
    return perDomain.size === 0 ? Number.POSITIVE_INFINITY : Math.min(...perDomain.values());
  });
  return { constraints: hard, podsPerDomain, minPerConstraint };
}

/** The Filter: placing the pod on the node must keep each domain within maxSkew of the emptiest one. */
export function filterSpread(state: HardSpreadState, node: NodeInfo): FilterResult {
  const labels = node.node.metadata?.labels ?? {};
  for (const [i, constraint] of state.constraints.entries()) {
    const domain = labels[constraint.topologyKey];
    if (domain === undefined) return [MISSING_LABEL_REASON];
    const matching = state.podsPerDomain[i]?.get(domain) ?? 0;
    const skew = matching + constraint.selfMatch - (state.minPerConstraint[i] ?? 0);
    if (skew > constraint.maxSkew) return [SPREAD_REASON];
  }
  return undefined;
}
