import type { Pod } from "@capstan/api";
import { MAX_NODE_SCORE, type NodeInfo, type SchedulerPlugin } from "../../framework/types.js";
import { matchesTerm } from "./node-selector-match.js";

/** Name of the plugin for `nodeSelector` and node affinity. */
export const NODE_AFFINITY = "NodeAffinity";
/** Kubernetes' reason when the node does not match the pod's selector or required affinity. */
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

/** True when the node has every `nodeSelector` label and matches one required node selector term. */
export function fitsNodeAffinity(pod: Pod, node: NodeInfo): boolean {
  const labels = node.node.metadata?.labels ?? {};
  const selector = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) => matchesTerm(term, node.node));
}

/** Sum of the weights of the preferred node affinity terms the node matches. */
export function preferredAffinityWeight(pod: Pod, node: NodeInfo): number {
  const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  let total = 0;
  for (const term of preferred) {
    if (term.preference && matchesTerm(term.preference, node.node)) total += term.weight ?? 0;
  }
  return total;
}

/** Rescales scores so the highest becomes MAX_NODE_SCORE (all zero stays zero). */
export function normalizeToMax(scores: number[]): number[] {
  const highest = Math.max(0, ...scores);
  return highest === 0
    ? scores.map(() => 0)
    : scores.map((score) => Math.floor((score * MAX_NODE_SCORE) / highest));
}

/** The NodeAffinity filter (selector and required terms) and score (preferred terms). */
export const nodeAffinityPlugin = {
  name: NODE_AFFINITY,
  filter: (pod, node) => (fitsNodeAffinity(pod, node) ? undefined : [NODE_AFFINITY_REASON]),
  score: preferredAffinityWeight,
  normalizeScore: normalizeToMax,
} satisfies SchedulerPlugin;
