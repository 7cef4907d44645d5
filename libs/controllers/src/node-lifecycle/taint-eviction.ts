import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Pod, Taint } from "@capstan/api";
import { tolerates } from "@capstan/scheduler";

/**
 * When a pod on a node with these taints is to be evicted (ms since the epoch), as Kubernetes' taint
 * eviction: at once if some NoExecute taint is not tolerated; otherwise when the shortest
 * tolerationSeconds among the matching tolerations runs out (Kubernetes takes the minimum over those that
 * have one), counted from the taint's timeAdded (from `now` when it has none); never (undefined) when
 * every NoExecute taint is tolerated only by tolerations without tolerationSeconds.
 */
export function evictionTime(pod: Pod, taints: readonly Taint[], now: number): number | undefined {
  let earliest: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== "NoExecute") continue;
    const matching = (pod.spec?.tolerations ?? []).filter(
      (toleration) =>
        (toleration.effect === "" || toleration.effect === "NoExecute") && tolerates(toleration, taint),
    );
    if (matching.length === 0) return now;
    const bounded = matching.filter((toleration) => toleration.tolerationSeconds !== undefined);
    if (bounded.length > 0) {
      const seconds = Math.min(
        ...bounded.map((toleration) => Math.max(0, Number(toleration.tolerationSeconds))),
      );
      const start = taint.timeAdded ? timestampMs(taint.timeAdded) : now;
      const at = start + seconds * 1000;
      earliest = earliest === undefined ? at : Math.min(earliest, at);
    }
  }
  return earliest;
}
