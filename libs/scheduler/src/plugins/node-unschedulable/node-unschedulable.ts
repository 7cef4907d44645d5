import type { Pod } from "@capstan/api";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";
import { tolerates } from "../taint-toleration/tolerations.js";

/** Name of the plugin that keeps pods off cordoned nodes. */
export const NODE_UNSCHEDULABLE = "NodeUnschedulable";
/** Kubernetes' reason for a cordoned node. */
export const NODE_UNSCHEDULABLE_REASON = "node(s) were unschedulable";
/** The taint a cordoned node stands for; a pod that tolerates it may still go there (as DaemonSets do). */
export const UNSCHEDULABLE_TAINT = {
  key: "node.kubernetes.io/unschedulable",
  value: "",
  effect: "NoSchedule",
};

/** True when the node is not cordoned, or the pod tolerates the unschedulable taint. */
export function fitsSchedulable(pod: Pod, node: NodeInfo): boolean {
  if (!node.node.spec?.unschedulable) return true;
  return (pod.spec?.tolerations ?? []).some((toleration) => tolerates(toleration, UNSCHEDULABLE_TAINT));
}

/** The NodeUnschedulable filter. */
export const nodeUnschedulablePlugin = {
  name: NODE_UNSCHEDULABLE,
  filter: (pod, node) => (fitsSchedulable(pod, node) ? undefined : [NODE_UNSCHEDULABLE_REASON]),
} satisfies SchedulerPlugin;
