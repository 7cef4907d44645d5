import type { Pod, Taint } from "@capstan/api";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";
import { type TaintLike, tolerates } from "./tolerations.js";

/** Name of the plugin that keeps pods off nodes with taints they do not tolerate. */
export const TAINT_TOLERATION = "TaintToleration";
/** Taint the node lifecycle controller puts on a node whose Ready condition is False. */
export const NOT_READY_TAINT_KEY = "node.kubernetes.io/not-ready";
/** Taint the node lifecycle controller puts on a node that stopped heartbeating. */
export const UNREACHABLE_TAINT_KEY = "node.kubernetes.io/unreachable";

/** Effects a pod must tolerate to be placed (PreferNoSchedule only lowers a score). */
const FILTERED_EFFECTS = new Set(["NoSchedule", "NoExecute"]);

/** The first NoSchedule/NoExecute taint of the node that the pod does not tolerate, if any. */
export function firstUntoleratedTaint(pod: Pod, node: NodeInfo): Taint | undefined {
  const tolerations = pod.spec?.tolerations ?? [];
  return (node.node.spec?.taints ?? []).find(
    (taint) =>
      FILTERED_EFFECTS.has(taint.effect) && !tolerations.some((toleration) => tolerates(toleration, taint)),
  );
}

/** Kubernetes' reason for an untolerated taint. */
export function untoleratedTaintReason(taint: TaintLike): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
}

/** The TaintToleration filter (not-ready and unreachable nodes are kept off through their taints). */
export const taintTolerationPlugin = {
  name: TAINT_TOLERATION,
  filter(pod, node) {
    const taint = firstUntoleratedTaint(pod, node);
    return taint ? [untoleratedTaintReason(taint)] : undefined;
  },
} satisfies SchedulerPlugin;
