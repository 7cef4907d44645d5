import type { GrpcTransport } from "@capstan/client";
import type { Logger } from "@capstan/runtime";
import { createScheduler } from "../scheduler/scheduler.js";
import type { SchedulerSettings } from "./scheduler-settings.js";

export interface SchedulingTermOptions {
  readonly transport: GrpcTransport;
  readonly restUrl: string;
  readonly settings: SchedulerSettings;
  readonly logger: Logger;
  /** Told true when scheduling starts and false once it has stopped. */
  setLeading(leading: boolean): void;
}

/**
 * Schedules until `signal` aborts (leadership lost, or the component stops). Each term builds a fresh
 * scheduler, so a leader that lost the Lease and wins it again starts from a fresh list of the cluster
 * instead of a cache that went stale while it stood by.
 */
export async function runSchedulingTerm(options: SchedulingTermOptions, signal: AbortSignal): Promise<void> {
  const scheduler = createScheduler({
    transport: options.transport,
    restUrl: options.restUrl,
    logger: options.logger,
    schedulerName: options.settings.schedulerName,
    ...(options.settings.profile ? { profile: options.settings.profile } : {}),
    ...(options.settings.initialBackoffMs === undefined
      ? {}
      : { initialBackoffMs: options.settings.initialBackoffMs }),
    ...(options.settings.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.settings.maxBackoffMs }),
  });
  options.setLeading(true);
  options.logger.info("scheduling");
  try {
    await scheduler.start(signal);
  } finally {
    options.setLeading(false);
    options.logger.info("stopped scheduling");
  }
}
