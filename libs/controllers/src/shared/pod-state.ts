import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Pod } from "@capstan/api";

/** A pod that counts towards a controller's replicas: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && pod.metadata?.deletionTimestamp === undefined;
}

/** When the pod's Ready condition last turned True, in ms; undefined when the pod is not ready. */
export function podReadySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions.find((condition) => condition.type === "Ready");
  if (ready?.status !== "True") return undefined;
  return ready.lastTransitionTime ? timestampMs(ready.lastTransitionTime) : 0;
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadySince(pod) !== undefined;
}

/**
 * Ready for at least `minReadySeconds` at `nowMs` (Kubernetes' IsPodAvailable). With minReadySeconds 0 a
 * ready pod is available at once.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const since = podReadySince(pod);
  if (since === undefined) return false;
  return minReadySeconds <= 0 || since + minReadySeconds * 1000 <= nowMs;
}

/** The object's creation time in ms (0 when unknown). */
export function createdMs(
  meta: { creationTimestamp?: Parameters<typeof timestampMs>[0] } | undefined,
): number {
  return meta?.creationTimestamp ? timestampMs(meta.creationTimestamp) : 0;
}
