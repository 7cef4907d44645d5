import { ApiError } from "@capstan/apimachinery";
import { StateKey } from "../../framework/cycle-state.js";
import type { SchedulerPlugin } from "../../framework/types.js";
import { type DefaultConstraint, SYSTEM_DEFAULT_CONSTRAINTS, spreadConstraints } from "./constraints.js";
import { filterSpread, type HardSpreadState, hardSpreadState } from "./filtering.js";
import { normalizeSpread, type SoftSpreadState, softSpreadState, spreadScore } from "./scoring.js";

/** Name of the plugin that spreads pods over nodes and zones. */
export const POD_TOPOLOGY_SPREAD = "PodTopologySpread";

/** The plugin's args (Kubernetes' PodTopologySpreadArgs). */
export interface PodTopologySpreadArgs {
  /** `System` (the default): Kubernetes' built-in defaults; `List`: `defaultConstraints`. */
  readonly defaultingType: "System" | "List";
  readonly defaultConstraints: readonly DefaultConstraint[];
}

const HARD = new StateKey<HardSpreadState>(`${POD_TOPOLOGY_SPREAD}/filter`);
const SOFT = new StateKey<SoftSpreadState & { readonly feasible: readonly string[] }>(
  `${POD_TOPOLOGY_SPREAD}/score`,
);

/** Validates `pluginConfig` args; absent args mean the System defaults. */
export function parsePodTopologySpreadArgs(args: unknown): PodTopologySpreadArgs {
  if (args === undefined) return { defaultingType: "System", defaultConstraints: [] };
  const fail = (message: string): never => {
    throw ApiError.badRequest(`${POD_TOPOLOGY_SPREAD} args: ${message}`);
  };
  if (typeof args !== "object" || args === null || Array.isArray(args)) return fail("must be an object");
  const { defaultingType = "System", defaultConstraints = [], ...rest } = args as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(`unknown field(s) ${Object.keys(rest).join(", ")}`);
  if (defaultingType !== "System" && defaultingType !== "List") fail("defaultingType must be System or List");
  if (!Array.isArray(defaultConstraints)) return fail("defaultConstraints must be a list");
  if (defaultingType === "System" && defaultConstraints.length > 0) {
    fail("defaultConstraints must be empty when defaultingType is System");
  }
  const constraints = defaultConstraints.map((item: unknown, i): DefaultConstraint => {
    const at = `defaultConstraints[${i}]`;
    if (typeof item !== "object" || item === null) return fail(`${at} must be an object`);
    const { maxSkew, topologyKey, whenUnsatisfiable, labelSelector } = item as Record<string, unknown>;
    if (labelSelector !== undefined) fail(`${at}.labelSelector: not allowed, the pod's owner selects`);
    if (typeof maxSkew !== "number" || !Number.isInteger(maxSkew) || maxSkew < 1) {
      fail(`${at}.maxSkew must be an integer >= 1`);
    }
    if (typeof topologyKey !== "string" || topologyKey === "") fail(`${at}.topologyKey is required`);
    if (whenUnsatisfiable !== "DoNotSchedule" && whenUnsatisfiable !== "ScheduleAnyway") {
      fail(`${at}.whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway`);
    }
    return { maxSkew, topologyKey, whenUnsatisfiable } as DefaultConstraint;
  });
  return {
    defaultingType: defaultingType as PodTopologySpreadArgs["defaultingType"],
    defaultConstraints: constraints,
  };
}

/**
 * The PodTopologySpread plugin: DoNotSchedule constraints filter (PreFilter counts matching pods per domain
 * from the cache's index), ScheduleAnyway constraints score. A pod without constraints of its own, owned by
 * a ReplicaSet/ReplicationController/StatefulSet, gets the default constraints.
 */
export function createPodTopologySpreadPlugin(args?: unknown) {
  const { defaultingType, defaultConstraints } = parsePodTopologySpreadArgs(args);
  const defaults = defaultingType === "System" ? SYSTEM_DEFAULT_CONSTRAINTS : defaultConstraints;
  return {
    name: POD_TOPOLOGY_SPREAD,
    preFilter(pod, snapshot, state) {
      state.write(HARD, hardSpreadState(pod, spreadConstraints(pod, defaults), snapshot));
      return undefined;
    },
    filter: (_pod, node, state) => filterSpread(state.require(HARD), node),
    preScore(pod, feasible, snapshot, state) {
      const explicit = (pod.spec?.topologySpreadConstraints.length ?? 0) > 0;
      const soft = softSpreadState(pod, spreadConstraints(pod, defaults), feasible, snapshot, explicit);
      state.write(SOFT, { ...soft, feasible: feasible.map((node) => node.node.metadata?.name ?? "") });
    },
    score: (_pod, node, state) => spreadScore(state.require(SOFT), node),
    normalizeScore(scores, state) {
      const soft = state.require(SOFT);
      if (soft.constraints.length === 0) return scores.map(() => 0);
      return normalizeSpread(
        scores,
        soft.feasible.map((name) => soft.ignored.has(name)),
      );
    },
  } satisfies SchedulerPlugin;
}
