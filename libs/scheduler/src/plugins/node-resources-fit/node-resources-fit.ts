import type { Pod } from "@capstan/api";
import { podRequests } from "../../framework/resources.js";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";

/** Name of the plugin that checks a pod's requests against what is left on the node. */
export const NODE_RESOURCES_FIT = "NodeResourcesFit";

/**
 * The reasons the pod does not fit what is left of the node's allocatable (allocatable minus the requests
 * of the pods assigned or assumed there), in Kubernetes' wording; empty when it fits.
 */
export function insufficientResources(pod: Pod, node: NodeInfo): string[] {
  const wanted = podRequests(pod);
  const reasons: string[] = [];
  if (node.requested.pods + 1 > node.allocatable.pods) reasons.push("Too many pods");
  if (wanted.milliCpu > 0 && node.requested.milliCpu + wanted.milliCpu > node.allocatable.milliCpu) {
    reasons.push("Insufficient cpu");
  }
  if (wanted.memory > 0 && node.requested.memory + wanted.memory > node.allocatable.memory) {
    reasons.push("Insufficient memory");
  }
  return reasons;
}

/** The NodeResourcesFit filter (cpu, memory and the pod count). */
export const nodeResourcesFitPlugin = {
  name: NODE_RESOURCES_FIT,
  filter(pod, node) {
    const reasons = insufficientResources(pod, node);
    return reasons.length > 0 ? reasons : undefined;
  },
} satisfies SchedulerPlugin;
