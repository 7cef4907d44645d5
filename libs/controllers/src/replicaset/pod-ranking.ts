import type { Pod } from "@capstan/api";
import { createdMs, podReadySince } from "../shared/pod-state.js";

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  readonly pod: Pod;
  readonly assigned: boolean;
  readonly phase: number;
  readonly readySince: number | undefined;
  /** Pods of the same set on the same node: crowded nodes give up pods first. */
  readonly colocated: number;
  readonly restarts: number;
  readonly created: number;
}

function restartsOf(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

/**
 * Kubernetes' ActivePodsWithRanks order, cheapest to lose first: unscheduled before scheduled; Pending before
 * Unknown before Running; not ready before ready; on a node with more of the set's pods first; ready for a
 * shorter time first; more restarts first; younger first.
 */
function compare(a: Ranked, b: Ranked): number {
  if (a.assigned !== b.assigned) return a.assigned ? 1 : -1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  const aReady = a.readySince !== undefined;
  const bReady = b.readySince !== undefined;
  if (aReady !== bReady) return aReady ? 1 : -1;
  if (a.colocated !== b.colocated) return b.colocated - a.colocated;
  if (aReady && bReady && a.readySince !== b.readySince) return (b.readySince ?? 0) - (a.readySince ?? 0);
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  return b.created - a.created;
}

/** The `count` pods to delete first when scaling down, in deletion order. */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  if (count <= 0) return [];
  const perNode = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName ?? "";
    if (node !== "") perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod): Ranked => {
    const node = pod.spec?.nodeName ?? "";
    return {
      pod,
      assigned: node !== "",
      phase: PHASE_ORDER[pod.status?.phase ?? "Pending"] ?? 0,
      readySince: podReadySince(pod),
      colocated: node === "" ? 0 : (perNode.get(node) ?? 0),
      restarts: restartsOf(pod),
      created: createdMs(pod.metadata),
    };
  });
  return ranked
    .sort(compare)
    .slice(0, count)
    .map((entry) => entry.pod);
}
