/** Below this many nodes, or this many feasible nodes, every node is checked (Kubernetes' floor). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never goes below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/**
 * How many feasible nodes a cycle looks for before it stops filtering, as Kubernetes computes it: all of
 * them under 100 nodes; otherwise `percentage` of the nodes (0 = adaptive: 50% minus 1% per 125 nodes,
 * at least 5%), and never fewer than 100. Big clusters score a sample, not every node.
 */
export function numFeasibleNodesToFind(nodeCount: number, percentage: number): number {
  if (nodeCount < MIN_FEASIBLE_NODES_TO_FIND) return nodeCount;
  let share = percentage;
  if (share <= 0) share = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.floor(nodeCount / 125));
  if (share >= 100) return nodeCount;
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.floor((nodeCount * share) / 100));
}
