import { StateKey } from "../../framework/cycle-state.js";
import type { SchedulerPlugin } from "../../framework/types.js";
import { type AffinityFilterState, affinityFilterState, filterAffinity } from "./filtering.js";
import { type AffinityScoreState, affinityScore, affinityScoreState, normalizeAffinity } from "./scoring.js";

/** Name of the plugin for pod affinity and anti-affinity. */
export const INTER_POD_AFFINITY = "InterPodAffinity";

const FILTER = new StateKey<AffinityFilterState>(`${INTER_POD_AFFINITY}/filter`);
const SCORE = new StateKey<AffinityScoreState>(`${INTER_POD_AFFINITY}/score`);

/**
 * The InterPodAffinity plugin: required pod affinity and anti-affinity (the pod's own, and placed pods'
 * anti-affinity toward it) filter; preferred terms score. Each cycle reads per-node counts from the cache's
 * indexes, so it costs per node that holds a matching pod, not per pod in the cluster.
 */
export const interPodAffinityPlugin = {
  name: INTER_POD_AFFINITY,
  preFilter(pod, snapshot, state) {
    state.write(FILTER, affinityFilterState(pod, snapshot));
    return undefined;
  },
  filter: (_pod, node, state) => filterAffinity(state.require(FILTER), node),
  preScore(pod, _feasible, snapshot, state) {
    state.write(SCORE, affinityScoreState(pod, snapshot));
  },
  score: (_pod, node, state) => affinityScore(state.require(SCORE), node),
  normalizeScore: (scores) => normalizeAffinity(scores),
} satisfies SchedulerPlugin;
