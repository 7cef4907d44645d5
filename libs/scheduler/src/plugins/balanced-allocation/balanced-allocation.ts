import type { Pod } from "@capstan/api";
import { addResources, podRequests } from "../../framework/resources.js";
import { MAX_NODE_SCORE, type NodeInfo, type SchedulerPlugin } from "../../framework/types.js";

/** Name of the score plugin that prefers nodes whose cpu and memory use stay in proportion. */
export const BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

function fraction(requested: number, allocatable: number): number {
  return allocatable <= 0 ? 1 : Math.min(1, requested / allocatable);
}

/**
 * Kubernetes' balanced-allocation score: with the pod placed, the further apart the cpu and memory shares
 * of the node are (their standard deviation), the lower the score, so no resource is stranded.
 */
export function balancedAllocationScore(pod: Pod, node: NodeInfo): number {
  const after = addResources(node.requested, podRequests(pod));
  const cpu = fraction(after.milliCpu, node.allocatable.milliCpu);
  const memory = fraction(after.memory, node.allocatable.memory);
  const deviation = Math.abs(cpu - memory) / 2;
  return Math.floor((1 - deviation) * MAX_NODE_SCORE);
}

/** The balanced-allocation score plugin. */
export const balancedAllocationPlugin = {
  name: BALANCED_ALLOCATION,
  score: balancedAllocationScore,
} satisfies SchedulerPlugin;
