import { ApiError } from "@capstan/apimachinery";
import type { ConfigValues } from "@capstan/runtime";
import { loadSchedulerConfiguration } from "../profile/load-config.js";
import type { SchedulerProfile } from "../profile/profile.js";
import type { schedulerConfig } from "./config.js";

/** What the component runs with once flags and the optional KubeSchedulerConfiguration file are combined. */
export interface SchedulerSettings {
  readonly schedulerName: string;
  /** From the file; undefined runs the default profile. */
  readonly profile: SchedulerProfile | undefined;
  readonly initialBackoffMs: number | undefined;
  readonly maxBackoffMs: number | undefined;
  readonly election: {
    readonly enabled: boolean;
    readonly namespace: string;
    readonly name: string;
    readonly leaseDurationMs: number;
    readonly renewDeadlineMs: number;
    readonly retryPeriodMs: number;
  };
}

/**
 * Settings from the flags alone, or, with `--config`, from the file as kube-scheduler reads it: the file's
 * `leaderElection` block and backoffs win over the flags, and its profile for `--scheduler-name` is used (the
 * only profile when the file has one, whatever its name). Throws ApiError.badRequest for a bad file.
 */
export async function resolveSchedulerSettings(
  config: ConfigValues<typeof schedulerConfig>,
): Promise<SchedulerSettings> {
  const fromFlags: SchedulerSettings = {
    schedulerName: config.schedulerName,
    profile: undefined,
    initialBackoffMs: undefined,
    maxBackoffMs: undefined,
    election: {
      enabled: config.leaderElect,
      namespace: config.leaderElectResourceNamespace,
      name: config.leaderElectResourceName,
      leaseDurationMs: config.leaderElectLeaseDuration,
      renewDeadlineMs: config.leaderElectRenewDeadline,
      retryPeriodMs: config.leaderElectRetryPeriod,
    },
  };
  if (!config.config) return fromFlags;
  const file = await loadSchedulerConfiguration(config.config);
  const profile =
    file.profiles.find((candidate) => candidate.schedulerName === config.schedulerName) ??
    (file.profiles.length === 1 ? file.profiles[0] : undefined);
  if (!profile) {
    const names = file.profiles.map((candidate) => candidate.schedulerName).join(", ");
    throw ApiError.badRequest(
      `${config.config}: no profile for ${config.schedulerName} (profiles: ${names})`,
    );
  }
  const election = file.leaderElection;
  return {
    schedulerName: profile.schedulerName,
    profile,
    initialBackoffMs: file.podInitialBackoffMs,
    maxBackoffMs: file.podMaxBackoffMs,
    election: {
      enabled: election.leaderElect,
      namespace: election.resourceNamespace,
      name: election.resourceName,
      leaseDurationMs: election.leaseDurationMs,
      renewDeadlineMs: election.renewDeadlineMs,
      retryPeriodMs: election.retryPeriodMs,
    },
  };
}
