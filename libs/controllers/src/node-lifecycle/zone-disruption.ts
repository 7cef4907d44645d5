import type { Node } from "@capstan/api";
import type { Readiness } from "./node-health.js";
import type { NodeLifecycleOptions } from "./options.js";

/** The zone label (nodes without one share the zone ""). */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** Kubernetes' zone states: eviction goes on normally, slowly or not at all. */
export type ZoneState = "Normal" | "PartialDisruption" | "FullDisruption";

/** The zone of a node. */
export function zoneOf(node: Node): string {
  return node.metadata?.labels[ZONE_LABEL] ?? "";
}

/** Each zone's state and size from the readiness of its nodes. */
export function zoneStates(
  nodes: readonly { readonly node: Node; readonly readiness: Readiness }[],
  options: Pick<NodeLifecycleOptions, "unhealthyZoneThreshold">,
): Map<string, { state: ZoneState; size: number }> {
  const counts = new Map<string, { size: number; unhealthy: number }>();
  for (const { node, readiness } of nodes) {
    const zone = zoneOf(node);
    const count = counts.get(zone) ?? { size: 0, unhealthy: 0 };
    count.size++;
    if (readiness !== "True") count.unhealthy++;
    counts.set(zone, count);
  }
  const states = new Map<string, { state: ZoneState; size: number }>();
  for (const [zone, { size, unhealthy }] of counts) {
    let state: ZoneState = "Normal";
    if (unhealthy === size) state = "FullDisruption";
    else if (unhealthy > 2 && unhealthy / size >= options.unhealthyZoneThreshold) state = "PartialDisruption";
    states.set(zone, { state, size });
  }
  return states;
}

/**
 * How often a zone may have one more node tainted for eviction, in ms (Infinity: not at all). When every
 * zone is fully disrupted the controller assumes it is the one cut off (its own network, not the nodes)
 * and evicts nothing, as Kubernetes' "master disruption mode"; a partially disrupted zone evicts at the
 * secondary rate if large, not at all if small.
 */
export function evictionInterval(
  zone: string,
  states: ReadonlyMap<string, { state: ZoneState; size: number }>,
  options: NodeLifecycleOptions,
): number {
  const all = [...states.values()];
  if (all.length > 0 && all.every(({ state }) => state === "FullDisruption")) return Number.POSITIVE_INFINITY;
  const entry = states.get(zone);
  if (entry?.state !== "PartialDisruption") return options.nodeEvictionIntervalMs;
  return entry.size > options.largeClusterSizeThreshold
    ? options.secondaryNodeEvictionIntervalMs
    : Number.POSITIVE_INFINITY;
}

/** Whether every zone is fully disrupted (the controller, not the nodes, has probably lost the network). */
export function allZonesDown(states: ReadonlyMap<string, { state: ZoneState }>): boolean {
  const all = [...states.values()];
  return all.length > 0 && all.every(({ state }) => state === "FullDisruption");
}
