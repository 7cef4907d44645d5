import type { Pod, PodAffinityTerm } from "@capstan/api";
import {
  affinityTermScope,
  type ResolvedAffinityTerm,
  requiredAntiAffinity,
  scopeMatches,
  scopeQuery,
} from "../../framework/affinity-term.js";
import type { ClusterSnapshot, FilterResult, NodeInfo } from "../../framework/types.js";

/** Kubernetes' reasons, in the order its filter checks them. */
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Topology domains (values of one topology key) that hold a matching pod. */
interface TermDomains {
  readonly topologyKey: string;
  readonly domains: ReadonlySet<string>;
}

/** What PreFilter computed once for the pod. */
export interface AffinityFilterState {
  readonly affinity: readonly TermDomains[];
  /** No placed pod matches all the pod's affinity terms, and the pod matches them itself: it may go first. */
  readonly affinityMayStart: boolean;
  readonly antiAffinity: readonly TermDomains[];
  /** Domains where a placed pod's required anti-affinity term selects this pod. */
  readonly existingAntiAffinity: readonly TermDomains[];
}

/** The values of `topologyKey` on the nodes of `podsPerNode` (nodes that hold a matching pod). */
export function domainsOf(
  podsPerNode: ReadonlyMap<string, number>,
  topologyKey: string,
  snapshot: ClusterSnapshot,
): Set<string> {
  const domains = new Set<string>();
  for (const name of podsPerNode.keys()) {
    const value = snapshot.node(name)?.node.metadata?.labels?.[topologyKey];
    if (value !== undefined) domains.add(value);
  }
  return domains;
}

function resolve(terms: readonly PodAffinityTerm[], pod: Pod): ResolvedAffinityTerm[] {
  const namespace = pod.metadata?.namespace ?? "";
  return terms
    .filter((term) => term.topologyKey !== "")
    .map((term) => ({ term, scope: affinityTermScope(term, namespace) }));
}

/**
 * Kubernetes' InterPodAffinity PreFilter, from the cache's indexes: domains holding pods that match all the
 * pod's required affinity terms, domains holding pods its anti-affinity terms select, and domains whose
 * placed pods' anti-affinity selects it.
 */
export function affinityFilterState(pod: Pod, snapshot: ClusterSnapshot): AffinityFilterState {
  const affinityTerms = resolve(
    pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    pod,
  );
  let affinity: TermDomains[] = [];
  let affinityMayStart = true;
  if (affinityTerms.length > 0) {
    // A pod counts only if it matches every term, as in Kubernetes.
    const matchesAll = snapshot.countPods({
      key: `affinity-all:${affinityTerms.map(({ scope }) => scope.key).join(";")}`,
      matches: (other) => affinityTerms.every(({ scope }) => scopeMatches(scope, other)),
    });
    affinity = affinityTerms.map(({ term }) => ({
      topologyKey: term.topologyKey,
      domains: domainsOf(matchesAll, term.topologyKey, snapshot),
    }));
    affinityMayStart = matchesAll.size === 0 && affinityTerms.every(({ scope }) => scopeMatches(scope, pod));
  }
  const antiAffinity = requiredAntiAffinity(pod)
    .filter(({ term }) => term.topologyKey !== "")
    .map(({ term, scope }) => ({
      topologyKey: term.topologyKey,
      domains: domainsOf(snapshot.countPods(scopeQuery(scope)), term.topologyKey, snapshot),
    }));
  const existingAntiAffinity = snapshot
    .antiAffinityTerms()
    .filter(({ term, scope }) => term.topologyKey !== "" && scopeMatches(scope, pod))
    .map(({ term, podsPerNode }) => ({
      topologyKey: term.topologyKey,
      domains: domainsOf(podsPerNode, term.topologyKey, snapshot),
    }));
  return { affinity, affinityMayStart, antiAffinity, existingAntiAffinity };
}

function inAnyDomain(terms: readonly TermDomains[], labels: Readonly<Record<string, string>>): boolean {
  return terms.some(({ topologyKey, domains }) => {
    const value = labels[topologyKey];
    return value !== undefined && domains.has(value);
  });
}

/** Kubernetes' InterPodAffinity Filter for one node. */
export function filterAffinity(state: AffinityFilterState, node: NodeInfo): FilterResult {
  const labels = node.node.metadata?.labels ?? {};
  if (state.affinity.length > 0) {
    if (!state.affinity.every(({ topologyKey }) => topologyKey in labels)) return [AFFINITY_REASON];
    const podsExist = state.affinity.every(({ topologyKey, domains }) =>
      domains.has(labels[topologyKey] ?? ""),
    );
    if (!podsExist && !state.affinityMayStart) return [AFFINITY_REASON];
  }
  if (inAnyDomain(state.antiAffinity, labels)) return [ANTI_AFFINITY_REASON];
  if (inAnyDomain(state.existingAntiAffinity, labels)) return [EXISTING_ANTI_AFFINITY_REASON];
  return undefined;
}
