/**
 * Why a pod fits no node. Its message is Kubernetes' summary: `0/3 nodes are available: ` then either the
 * PreFilter rejection, or the count of nodes per Filter reason, each `"<count> <reason>"` string sorted as
 * Kubernetes sorts them (plain string order): `0/3 nodes are available: 1 node(s) had untolerated taint
 * {key: value}, 2 Insufficient cpu.`
 */
export class FitError extends Error {
  override readonly name = "FitError";
  constructor(
    readonly podKey: string,
    readonly nodeCount: number,
    readonly reasonsByNode: ReadonlyMap<string, readonly string[]>,
    readonly preFilterReasons: readonly string[] = [],
  ) {
    super(fitErrorMessage(nodeCount, reasonsByNode, preFilterReasons));
  }
}

/** Kubernetes' summary message for a pod that fits none of `nodeCount` nodes. */
export function fitErrorMessage(
  nodeCount: number,
  reasonsByNode: ReadonlyMap<string, readonly string[]>,
  preFilterReasons: readonly string[] = [],
): string {
  const summary = `0/${nodeCount} nodes are available`;
  if (preFilterReasons.length > 0) return `${summary}: ${preFilterReasons.join(", ")}.`;
  const counts = new Map<string, number>();
  for (const reasons of reasonsByNode.values()) {
    for (const reason of new Set(reasons)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const histogram = [...counts.entries()].map(([reason, count]) => `${count} ${reason}`).sort();
  return histogram.length === 0 ? `${summary}.` : `${summary}: ${histogram.join(", ")}.`;
}
