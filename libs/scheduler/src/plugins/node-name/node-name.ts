import type { Pod } from "@capstan/api";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";

/** Name of the plugin that keeps a pod with `spec.nodeName` to that node. */
export const NODE_NAME = "NodeName";
/** Kubernetes' reason when the node is not the one the pod asks for. */
export const NODE_NAME_REASON = "node(s) didn't match the requested node name";

/** True when the pod names no node or names this one. */
export function fitsNodeName(pod: Pod, node: NodeInfo): boolean {
  const wanted = pod.spec?.nodeName ?? "";
  return wanted === "" || wanted === node.node.metadata?.name;
}

/** The NodeName filter. */
export const nodeNamePlugin = {
  name: NODE_NAME,
  filter: (pod, node) => (fitsNodeName(pod, node) ? undefined : [NODE_NAME_REASON]),
} satisfies SchedulerPlugin;
