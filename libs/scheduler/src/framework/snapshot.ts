import { requiredAntiAffinity } from "./affinity-term.js";
import type { ClusterSnapshot, NodeInfo, PlacedAntiAffinityTerm, PodQuery } from "./types.js";

/** Adds `delta` to a per-node count, dropping the node when it reaches zero. */
export function addCount(counts: Map<string, number>, nodeName: string, delta: number): void {
  const next = (counts.get(nodeName) ?? 0) + delta;
  if (next > 0) counts.set(nodeName, next);
  else counts.delete(nodeName);
}

/**
 * A snapshot over plain NodeInfos that answers queries by scanning their pods (memoized per query). Tests
 * and callers without a cache use it; the scheduler cache answers the same questions from indexes.
 */
export function createSnapshot(nodes: readonly NodeInfo[]): ClusterSnapshot {
  const byName = new Map(nodes.map((info) => [info.node.metadata?.name ?? "", info]));
  const answers = new Map<string, Map<string, number>>();
  let placedTerms: PlacedAntiAffinityTerm[] | undefined;
  return {
    nodes,
    node: (name) => byName.get(name),
    countPods(query: PodQuery) {
      let counts = answers.get(query.key);
      if (counts === undefined) {
        counts = new Map();
        for (const [name, info] of byName) {
          for (const pod of info.pods) if (query.matches(pod)) addCount(counts, name, 1);
        }
        answers.set(query.key, counts);
      }
      return counts;
    },
    antiAffinityTerms() {
      if (placedTerms === undefined) {
        const groups = new Map<string, PlacedAntiAffinityTerm & { podsPerNode: Map<string, number> }>();
        for (const [name, info] of byName) {
          for (const pod of info.pods) {
            for (const { term, scope } of requiredAntiAffinity(pod)) {
              const key = `${term.topologyKey}|${scope.key}`;
              let group = groups.get(key);
              if (!group) {
                group = { term, scope, podsPerNode: new Map() };
                groups.set(key, group);
              }
              addCount(group.podsPerNode, name, 1);
            }
          }
        }
        placedTerms = [...groups.values()];
      }
      return placedTerms;
    },
  };
}
