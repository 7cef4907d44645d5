/**
 * Why a pod fits no node: the reasons per node name. Its message is Kubernetes' summary, counts per reason,
 * most frequent first, then alphabetical: `0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had
 * untolerated taint {key: value}.`
 */
export class FitError extends Error {
  override readonly name = "FitError";
  constructor(
    readonly podKey: string,
    readonly nodeCount: number,
    readonly reasonsByNode: ReadonlyMap<string, readonly string[]>,
  ) {
    super(fitErrorMessage(nodeCount, reasonsByNode));
  }
}

/** Kubernetes' summary message for a pod that fits none of `nodeCount` nodes. */
export function fitErrorMessage(
  nodeCount: number,
  reasonsByNode: ReadonlyMap<string, readonly string[]>,
): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonsByNode.values()) {
    for (const reason of new Set(reasons)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const histogram = [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, count]) => `${count} ${reason}`);
  const summary = `0/${nodeCount} nodes are available`;
  return histogram.length === 0 ? `${summary}.` : `${summary}: ${histogram.join(", ")}.`;
}
