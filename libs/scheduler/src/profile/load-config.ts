import { readFile } from "node:fs/promises";
import { ApiError } from "@capstan/apimachinery";
import { parse as parseYaml } from "yaml";
import { DEFAULT_SCHEDULER_NAME } from "../scheduler/pending.js";
import { ConfigValue } from "./config-reader.js";
import { CONFIGURABLE_POINTS, type PluginSetConfig, resolvePluginSets } from "./plugin-sets.js";
import { createProfileFramework, DEFAULT_PLUGINS, type SchedulerProfile } from "./profile.js";

/** Leader election settings of the scheduler (Kubernetes' `leaderElection` block). */
export interface LeaderElectionConfig {
  readonly leaderElect: boolean;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly resourceName: string;
  readonly resourceNamespace: string;
}

/** A KubeSchedulerConfiguration, validated and resolved against the defaults. */
export interface SchedulerConfiguration {
  readonly profiles: readonly SchedulerProfile[];
  /** Backoff of a pod that did not fit: starts here, doubles up to max (Kubernetes: 1 s and 10 s). */
  readonly podInitialBackoffMs: number;
  readonly podMaxBackoffMs: number;
  readonly leaderElection: LeaderElectionConfig;
}

export const SCHEDULER_CONFIG_API_VERSION = "kubescheduler.config.k8s.io/v1";
export const SCHEDULER_CONFIG_KIND = "KubeSchedulerConfiguration";

/** Reads a KubeSchedulerConfiguration from a YAML or JSON file; bad content throws ApiError.badRequest. */
export async function loadSchedulerConfiguration(path: string): Promise<SchedulerConfiguration> {
  if (typeof path !== "string" || path === "")
    throw ApiError.badRequest("config path must be a non-empty string");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw ApiError.badRequest(`cannot read scheduler config ${path}: ${String(cause)}`);
  }
  return parseSchedulerConfiguration(text, path);
}

/**
 * The profile for `schedulerName` (or the only/first profile) of a config file: what the scheduler app
 * passes to createScheduler as `profile`.
 */
export async function loadSchedulerProfile(path: string, schedulerName?: string): Promise<SchedulerProfile> {
  const { profiles } = await loadSchedulerConfiguration(path);
  const profile =
    schedulerName === undefined ? profiles[0] : profiles.find((p) => p.schedulerName === schedulerName);
  if (!profile)
    throw ApiError.badRequest(`${path}: no profile for scheduler ${JSON.stringify(schedulerName)}`);
  return profile;
}

/** Parses YAML (or JSON, which YAML includes) text of a KubeSchedulerConfiguration; `source` names it in errors. */
export function parseSchedulerConfiguration(text: string, source = "config"): SchedulerConfiguration {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw ApiError.badRequest(`${source}: not valid YAML or JSON: ${String(cause)}`);
  }
  const root = new ConfigValue(raw ?? {}, "").object([
    "apiVersion",
    "kind",
    "percentageOfNodesToScore",
    "podInitialBackoffSeconds",
    "podMaxBackoffSeconds",
    "leaderElection",
    "profiles",
  ]);
  const apiVersion = root.get("apiVersion");
  if (apiVersion && apiVersion.string() !== SCHEDULER_CONFIG_API_VERSION) {
    apiVersion.fail(`must be ${SCHEDULER_CONFIG_API_VERSION}`);
  }
  const kind = root.get("kind");
  if (kind && kind.string() !== SCHEDULER_CONFIG_KIND) kind.fail(`must be ${SCHEDULER_CONFIG_KIND}`);
  const percentage = root.get("percentageOfNodesToScore")?.integer(0, 100) ?? 0;
  const initial = root.get("podInitialBackoffSeconds")?.integer(1, 3600) ?? 1;
  const max = root.get("podMaxBackoffSeconds")?.integer(1, 3600) ?? 10;
  if (max < initial) throw ApiError.badRequest("podMaxBackoffSeconds must be >= podInitialBackoffSeconds");
  const profileValues = root.get("profiles")?.list() ?? [];
  const profiles =
    profileValues.length === 0
      ? [readProfile(new ConfigValue({}, "profiles[0]"), percentage)]
      : profileValues.map((value) => readProfile(value, percentage));
  const names = new Set<string>();
  for (const profile of profiles) {
    if (names.has(profile.schedulerName)) {
      throw ApiError.badRequest(`profiles: schedulerName ${profile.schedulerName} appears twice`);
    }
    names.add(profile.schedulerName);
  }
  return {
    profiles,
    podInitialBackoffMs: initial * 1000,
    podMaxBackoffMs: max * 1000,
    leaderElection: readLeaderElection(root.get("leaderElection")),
  };
}

function readProfile(value: ConfigValue, globalPercentage: number): SchedulerProfile {
  const fields = value.object(["schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig"]);
  const schedulerName = fields.get("schedulerName")?.string() ?? DEFAULT_SCHEDULER_NAME;
  const percentageOfNodesToScore =
    fields.get("percentageOfNodesToScore")?.integer(0, 100) ?? globalPercentage;
  const sets: Partial<Record<(typeof CONFIGURABLE_POINTS)[number], PluginSetConfig>> = {};
  const plugins = fields.get("plugins");
  if (plugins && !plugins.isAbsent()) {
    const points = plugins.object([...CONFIGURABLE_POINTS, "preFilter", "preScore"]);
    for (const [point, set] of points) {
      if (point === "preFilter" || point === "preScore") {
        set.fail(
          `runs for the plugins enabled at ${point === "preFilter" ? "filter" : "score"}: configure those`,
        );
      }
      sets[point as (typeof CONFIGURABLE_POINTS)[number]] = readPluginSet(set);
    }
  }
  const pluginArgs = new Map<string, unknown>();
  for (const item of fields.get("pluginConfig")?.list() ?? []) {
    const entry = item.object(["name", "args"]);
    const name = entry.get("name")?.string() ?? item.fail("name is required");
    if (pluginArgs.has(name)) item.fail(`plugin ${name} is configured twice`);
    pluginArgs.set(name, entry.get("args")?.value ?? {});
  }
  const profile = {
    schedulerName,
    percentageOfNodesToScore,
    ...resolvePluginSets(DEFAULT_PLUGINS, sets, `${value.path}.plugins`),
    pluginArgs,
  };
  try {
    // Builds every plugin once, so bad args and unknown names fail at load time, not at the first pod.
    createProfileFramework(profile, { binder: { bind: () => Promise.resolve() } });
  } catch (cause) {
    throw ApiError.badRequest(`${value.path}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return profile;
}

function readPluginSet(value: ConfigValue): PluginSetConfig {
  const fields = value.object(["enabled", "disabled"]);
  const enabled = (fields.get("enabled")?.list() ?? []).map((item) => {
    const plugin = item.object(["name", "weight"]);
    const name = plugin.get("name")?.string() ?? item.fail("name is required");
    const weight = plugin.get("weight")?.integer(1, 100);
    return weight === undefined ? { name } : { name, weight };
  });
  const disabled = (fields.get("disabled")?.list() ?? []).map((item) => ({
    name: item.object(["name"]).get("name")?.string() ?? item.fail("name is required"),
  }));
  return { enabled, disabled };
}

function readLeaderElection(value: ConfigValue | undefined): LeaderElectionConfig {
  const fields =
    value === undefined || value.isAbsent()
      ? new Map<string, ConfigValue>()
      : value.object([
          "leaderElect",
          "leaseDuration",
          "renewDeadline",
          "retryPeriod",
          "resourceLock",
          "resourceName",
          "resourceNamespace",
        ]);
  const lock = fields.get("resourceLock");
  if (lock && lock.string() !== "leases") lock.fail("only leases is supported");
  const config = {
    leaderElect: fields.get("leaderElect")?.boolean() ?? true,
    leaseDurationMs: fields.get("leaseDuration")?.durationMs() ?? 15_000,
    renewDeadlineMs: fields.get("renewDeadline")?.durationMs() ?? 10_000,
    retryPeriodMs: fields.get("retryPeriod")?.durationMs() ?? 2_000,
    resourceName: fields.get("resourceName")?.string() ?? "kube-scheduler",
    resourceNamespace: fields.get("resourceNamespace")?.string() ?? "kube-system",
  };
  if (!(config.renewDeadlineMs < config.leaseDurationMs && config.retryPeriodMs < config.renewDeadlineMs)) {
    throw ApiError.badRequest("leaderElection: need retryPeriod < renewDeadline < leaseDuration");
  }
  return config;
}
