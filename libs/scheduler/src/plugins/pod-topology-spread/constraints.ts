import type { Pod, TopologySpreadConstraint } from "@capstan/api";
import { ApiError, labelSelectorFromObject } from "@capstan/apimachinery";
import type { PodQuery } from "../../framework/types.js";

export const HOSTNAME_KEY = "kubernetes.io/hostname";
export const ZONE_KEY = "topology.kubernetes.io/zone";

/** A spread constraint of a pod, resolved: which placed pods count, and whether the pod counts itself. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly hard: boolean;
  readonly minDomains: number;
  /** Whether nodes that do not match the pod's node affinity/selector count (nodeAffinityPolicy Honor). */
  readonly honorNodeAffinity: boolean;
  readonly query: PodQuery;
  /** 1 when the pod matches its own selector (it will add to the count of the domain it lands in). */
  readonly selfMatch: 0 | 1;
}

/** A default constraint of the plugin args: no selector (the pod's owner stands for it). */
export interface DefaultConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
}

/** Kubernetes' system default spreading: gentle, by node and by zone, for pods of a controller. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultConstraint[] = [
  { maxSkew: 3, topologyKey: HOSTNAME_KEY, whenUnsatisfiable: "ScheduleAnyway" },
  { maxSkew: 5, topologyKey: ZONE_KEY, whenUnsatisfiable: "ScheduleAnyway" },
];

/** Controllers whose pods get the default constraints (those Kubernetes builds a default selector from). */
const SPREAD_OWNER_KINDS = new Set(["ReplicaSet", "ReplicationController", "StatefulSet"]);

const isTerminating = (pod: Pod) => pod.metadata?.deletionTimestamp !== undefined;

/**
 * The pod's constraints: its own `topologySpreadConstraints`, or else `defaults` when a ReplicaSet,
 * ReplicationController or StatefulSet controls it. Kubernetes derives the default selector from the
 * services and controllers that select the pod; Capstan counts the pods of the same controller, which is
 * what those selectors pick in the common case. Bad selectors throw ApiError.badRequest.
 */
export function spreadConstraints(
  pod: Pod,
  defaults: readonly DefaultConstraint[],
): readonly SpreadConstraint[] {
  const namespace = pod.metadata?.namespace ?? "";
  const explicit = pod.spec?.topologySpreadConstraints ?? [];
  if (explicit.length > 0) return explicit.map((constraint) => resolveExplicit(pod, namespace, constraint));
  const owner = pod.metadata?.ownerReferences.find(
    (reference) => reference.controller === true && SPREAD_OWNER_KINDS.has(reference.kind),
  );
  if (!owner || defaults.length === 0) return [];
  const query: PodQuery = {
    key: `spread-owner:${namespace}:${owner.uid}`,
    matches: (other) =>
      other.metadata?.namespace === namespace &&
      !isTerminating(other) &&
      (other.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === owner.uid),
  };
  return defaults.map((constraint) => ({
    maxSkew: constraint.maxSkew,
    topologyKey: constraint.topologyKey,
    hard: constraint.whenUnsatisfiable === "DoNotSchedule",
    minDomains: 1,
    honorNodeAffinity: true,
    query,
    selfMatch: 1,
  }));
}

function resolveExplicit(
  pod: Pod,
  namespace: string,
  constraint: TopologySpreadConstraint,
): SpreadConstraint {
  const { topologyKey, whenUnsatisfiable } = constraint;
  const maxSkew = constraint.maxSkew ?? 1;
  if (topologyKey === "" || maxSkew < 1) {
    throw ApiError.badRequest("topologySpreadConstraints: need a topologyKey and maxSkew >= 1");
  }
  if (whenUnsatisfiable !== "DoNotSchedule" && whenUnsatisfiable !== "ScheduleAnyway") {
    throw ApiError.badRequest(
      `topologySpreadConstraints: unknown whenUnsatisfiable ${JSON.stringify(whenUnsatisfiable)}`,
    );
  }
  // matchLabelKeys: the pod's own values of those labels narrow the selector (e.g. pod-template-hash).
  const labels = pod.metadata?.labels ?? {};
  const extra = Object.fromEntries(
    constraint.matchLabelKeys.filter((key) => key in labels).map((key) => [key, labels[key] ?? ""]),
  );
  const base = constraint.labelSelector;
  const selector = labelSelectorFromObject(
    base && Object.keys(extra).length > 0
      ? { ...base, matchLabels: { ...base.matchLabels, ...extra } }
      : base,
  );
  const selectorText = selector.isNothing() ? "<nothing>" : selector.toString();
  return {
    maxSkew,
    topologyKey,
    hard: whenUnsatisfiable === "DoNotSchedule",
    minDomains: constraint.minDomains ?? 1,
    honorNodeAffinity: (constraint.nodeAffinityPolicy ?? "Honor") === "Honor",
    query: {
      key: `spread:${namespace}:${selectorText}`,
      matches: (other) =>
        other.metadata?.namespace === namespace &&
        !isTerminating(other) &&
        selector.matches(other.metadata?.labels),
    },
    selfMatch: selector.matches(labels) ? 1 : 0,
  };
}
