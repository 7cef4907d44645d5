import type { Node, Pod } from "@capstan/api";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";
import {
  NOT_READY_TAINT_KEY,
  UNREACHABLE_TAINT_KEY,
  untoleratedTaintReason,
} from "../taint-toleration/taint-toleration.js";
import { type TaintLike, tolerates } from "../taint-toleration/tolerations.js";

/** Name of the plugin that keeps pods off nodes whose Ready condition says they are not ready. */
export const NODE_READINESS = "NodeReadiness";

/**
 * The taint the node lifecycle controller puts (or will put) on the node for its Ready condition: not-ready
 * for False, unreachable for Unknown; none for True or for a node that reports no Ready condition yet.
 */
export function readinessTaint(node: Node): TaintLike | undefined {
  const ready = node.status?.conditions.find((condition) => condition.type === "Ready");
  if (ready === undefined || ready.status === "True") return undefined;
  const key = ready.status === "False" ? NOT_READY_TAINT_KEY : UNREACHABLE_TAINT_KEY;
  return { key, value: "", effect: "NoSchedule" };
}

/**
 * The reason a node whose Ready condition is not True cannot take the pod, when the node does not carry the
 * matching taint yet. Kubernetes relies on those taints alone, but they come from a controller, a moment
 * (or, with no controller running, forever) after the condition changes; meanwhile this filter applies the
 * taint the node would get, with the same message and the same tolerations.
 */
export function readinessReason(pod: Pod, node: NodeInfo): string | undefined {
  const taint = readinessTaint(node.node);
  if (taint === undefined) return undefined;
  // A node that already has the taint is TaintToleration's to judge.
  if ((node.node.spec?.taints ?? []).some((existing) => existing.key === taint.key)) return undefined;
  const tolerations = pod.spec?.tolerations ?? [];
  if (tolerations.some((toleration) => tolerates(toleration, taint))) return undefined;
  return untoleratedTaintReason(taint);
}

/** The NodeReadiness filter. */
export const nodeReadinessPlugin = {
  name: NODE_READINESS,
  filter(pod: Pod, node: NodeInfo) {
    const reason = readinessReason(pod, node);
    return reason === undefined ? undefined : [reason];
  },
} satisfies SchedulerPlugin;
