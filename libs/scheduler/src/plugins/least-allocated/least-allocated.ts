import type { Pod } from "@capstan/api";
import { addResources, podRequests } from "../../framework/resources.js";
import { MAX_NODE_SCORE, type NodeInfo, type SchedulerPlugin } from "../../framework/types.js";

/** Name of the score plugin that prefers the emptiest nodes. */
export const LEAST_ALLOCATED = "NodeResourcesLeastAllocated";

function freeShare(requested: number, allocatable: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

/**
 * Kubernetes' least-allocated score: the share of cpu and memory left free once the pod is placed, averaged
 * with equal weights. Unset requests count the non-zero defaults so pods without requests still spread.
 */
export function leastAllocatedScore(pod: Pod, node: NodeInfo): number {
  const after = addResources(node.nonZeroRequested, podRequests(pod, true));
  const cpu = freeShare(after.milliCpu, node.allocatable.milliCpu);
  const memory = freeShare(after.memory, node.allocatable.memory);
  return Math.floor((cpu + memory) / 2);
}

/** The least-allocated score plugin. */
export const leastAllocatedPlugin = {
  name: LEAST_ALLOCATED,
  score: leastAllocatedScore,
} satisfies SchedulerPlugin;
