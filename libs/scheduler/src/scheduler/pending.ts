import type { Pod } from "@capstan/api";

/** The scheduler name pods get when they set none. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** True for a pod waiting for `schedulerName` to place it: no node yet, not being deleted. */
export function isPendingFor(pod: Pod, schedulerName: string): boolean {
  const spec = pod.spec;
  if (spec === undefined) return false;
  if (spec.nodeName !== "" || pod.metadata?.deletionTimestamp) return false;
  return (spec.schedulerName || DEFAULT_SCHEDULER_NAME) === schedulerName;
}
