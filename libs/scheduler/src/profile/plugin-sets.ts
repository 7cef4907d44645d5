import { ApiError } from "@capstan/apimachinery";
import type { SchedulerPlugin } from "../framework/types.js";
import type { SchedulerProfile, ScoreSetting } from "./profile.js";
import { pluginRegistry } from "./registry.js";

/** An `enabled`/`disabled` list of one extension point in a KubeSchedulerConfiguration profile. */
export interface PluginSetConfig {
  readonly enabled: readonly { readonly name: string; readonly weight?: number }[];
  readonly disabled: readonly { readonly name: string }[];
}

/** The extension points a profile may configure; PreFilter and PreScore follow Filter and Score. */
export const CONFIGURABLE_POINTS = ["multiPoint", "filter", "score", "reserve", "bind"] as const;
export type ConfigurablePoint = (typeof CONFIGURABLE_POINTS)[number];
type Point = Exclude<ConfigurablePoint, "multiPoint">;

/** Whether a plugin implements an extension point. */
function implementsPoint(plugin: SchedulerPlugin, point: Point): boolean {
  switch (point) {
    case "filter":
      return plugin.filter !== undefined || plugin.preFilter !== undefined;
    case "score":
      return plugin.score !== undefined;
    case "reserve":
      return plugin.reserve !== undefined || plugin.unreserve !== undefined;
    case "bind":
      return plugin.bind !== undefined;
  }
}

/** An instance built with no args, to learn which extension points the named plugin has. */
function probe(name: string, at: string): SchedulerPlugin {
  const factory = pluginRegistry.get(name);
  if (!factory) {
    throw ApiError.badRequest(
      `${at}: unknown plugin ${JSON.stringify(name)} (known: ${[...pluginRegistry.keys()].join(", ")})`,
    );
  }
  return factory(undefined, { binder: { bind: () => Promise.resolve() } });
}

/**
 * Applies a profile's `plugins` to the defaults as Kubernetes merges them: `disabled` removes a default
 * (`*` removes all), `enabled` replaces a default of the same name in place (a new weight) or appends;
 * `multiPoint` applies to every extension point the plugin implements, before the per-point lists.
 */
export function resolvePluginSets(
  defaults: Pick<SchedulerProfile, "filters" | "scores" | "reserves" | "binders">,
  sets: Partial<Record<ConfigurablePoint, PluginSetConfig>>,
  at: string,
): Pick<SchedulerProfile, "filters" | "scores" | "reserves" | "binders"> {
  const lists: Record<Point, ScoreSetting[]> = {
    filter: defaults.filters.map((name) => ({ name, weight: 1 })),
    score: defaults.scores.map((setting) => ({ ...setting })),
    reserve: defaults.reserves.map((name) => ({ name, weight: 1 })),
    bind: defaults.binders.map((name) => ({ name, weight: 1 })),
  };
  const points = Object.keys(lists) as Point[];
  const disable = (point: Point, name: string, where: string) => {
    if (name !== "*") probe(name, where);
    lists[point] = name === "*" ? [] : lists[point].filter((setting) => setting.name !== name);
  };
  const enable = (point: Point, name: string, weight: number) => {
    const index = lists[point].findIndex((setting) => setting.name === name);
    if (index >= 0) lists[point][index] = { name, weight };
    else lists[point].push({ name, weight });
  };
  const multi = sets.multiPoint;
  multi?.disabled.forEach(({ name }, i) => {
    for (const point of points) disable(point, name, `${at}.multiPoint.disabled[${i}]`);
  });
  for (const point of points) {
    sets[point]?.disabled.forEach(({ name }, i) => {
      disable(point, name, `${at}.${point}.disabled[${i}]`);
    });
  }
  multi?.enabled.forEach(({ name, weight }, i) => {
    const plugin = probe(name, `${at}.multiPoint.enabled[${i}]`);
    for (const point of points) if (implementsPoint(plugin, point)) enable(point, name, weight ?? 1);
  });
  for (const point of points) {
    sets[point]?.enabled.forEach(({ name, weight }, i) => {
      const where = `${at}.${point}.enabled[${i}]`;
      if (!implementsPoint(probe(name, where), point)) {
        throw ApiError.badRequest(`${where}: plugin ${name} has no ${point} extension point`);
      }
      if (weight !== undefined && point !== "score") {
        throw ApiError.badRequest(`${where}: only score plugins take a weight`);
      }
      enable(point, name, weight ?? 1);
    });
  }
  if (lists.bind.length === 0) throw ApiError.badRequest(`${at}: at least one bind plugin is needed`);
  const names = (point: Point) => lists[point].map((setting) => setting.name);
  return {
    filters: names("filter"),
    scores: lists.score,
    reserves: names("reserve"),
    binders: names("bind"),
  };
}
