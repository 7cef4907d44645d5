import { ApiError } from "@capstan/apimachinery";
import { createFramework, type Framework } from "../framework/framework.js";
import type { SchedulerPlugin } from "../framework/types.js";
import { DEFAULT_SCHEDULER_NAME } from "../scheduler/pending.js";
import { type PluginHandle, pluginRegistry } from "./registry.js";

/** A score plugin of a profile and its weight. */
export interface ScoreSetting {
  readonly name: string;
  readonly weight: number;
}

/**
 * One scheduling profile, resolved: which plugins run at each extension point, in order, with their args
 * (PreFilter and PreScore run for the plugins enabled at Filter and Score).
 */
export interface SchedulerProfile {
  readonly schedulerName: string;
  /** 0 = Kubernetes' adaptive share; 1-100 = that share of the nodes is searched for feasible ones. */
  readonly percentageOfNodesToScore: number;
  readonly filters: readonly string[];
  readonly scores: readonly ScoreSetting[];
  readonly reserves: readonly string[];
  readonly binders: readonly string[];
  /** `pluginConfig` args by plugin name. */
  readonly pluginArgs: ReadonlyMap<string, unknown>;
}

/** Kubernetes' default plugins per extension point (those Capstan has), in Kubernetes' order. */
export const DEFAULT_PLUGINS = {
  filters: [
    "NodeUnschedulable",
    "NodeName",
    "TaintToleration",
    "NodeReadiness",
    "NodeAffinity",
    "NodePorts",
    "NodeResourcesFit",
    "PodTopologySpread",
    "InterPodAffinity",
  ],
  scores: [
    { name: "NodeAffinity", weight: 2 },
    { name: "PodTopologySpread", weight: 2 },
    { name: "InterPodAffinity", weight: 2 },
    { name: "NodeResourcesLeastAllocated", weight: 1 },
    { name: "NodeResourcesBalancedAllocation", weight: 1 },
  ],
  reserves: [],
  binders: ["DefaultBinder"],
} as const satisfies Pick<SchedulerProfile, "filters" | "scores" | "reserves" | "binders">;

/** The default profile for `schedulerName`. */
export function defaultSchedulerProfile(schedulerName = DEFAULT_SCHEDULER_NAME): SchedulerProfile {
  return { schedulerName, percentageOfNodesToScore: 0, ...DEFAULT_PLUGINS, pluginArgs: new Map() };
}

/** Builds the framework a profile describes; unknown plugins or bad args throw ApiError.badRequest. */
export function createProfileFramework(profile: SchedulerProfile, handle: PluginHandle = {}): Framework {
  const instances = new Map<string, SchedulerPlugin>();
  const plugin = (name: string): SchedulerPlugin => {
    let instance = instances.get(name);
    if (!instance) {
      const factory = pluginRegistry.get(name);
      if (!factory) {
        throw ApiError.badRequest(
          `unknown plugin ${JSON.stringify(name)} (known: ${[...pluginRegistry.keys()].join(", ")})`,
        );
      }
      instance = factory(profile.pluginArgs.get(name), handle);
      instances.set(name, instance);
    }
    return instance;
  };
  return createFramework({
    filters: profile.filters.map(plugin),
    scores: profile.scores.map(({ name, weight }) => ({ plugin: plugin(name), weight })),
    reserves: profile.reserves.map(plugin),
    binders: profile.binders.map(plugin),
    percentageOfNodesToScore: profile.percentageOfNodesToScore,
  });
}
