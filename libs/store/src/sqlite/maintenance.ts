import type { StoreLogger } from "../logger.js";

export interface MaintenanceOptions {
  /** 0 disables background compaction. */
  compactIntervalMs: number;
  /** 0 disables periodic checkpoints. */
  checkpointIntervalMs: number;
  compact(): Promise<number>;
  checkpoint(): void;
  logger: StoreLogger;
}

/**
 * Runs compaction and WAL checkpoints on timers, as k3s/kine do: without them the log and the WAL grow
 * without bound. Failures are logged, never thrown (the next tick tries again). Returns `stop`.
 */
export function startMaintenance(options: MaintenanceOptions): () => void {
  const timers: NodeJS.Timeout[] = [];
  if (options.compactIntervalMs > 0) {
    timers.push(
      setInterval(() => {
        options.compact().then(
          (removed) => {
            if (removed > 0) options.logger.info({ removed }, "compacted the revision log");
          },
          (error: unknown) => options.logger.warn({ err: error }, "background compaction failed"),
        );
      }, options.compactIntervalMs),
    );
  }
  if (options.checkpointIntervalMs > 0) {
    timers.push(
      setInterval(() => {
        try {
          options.checkpoint();
        } catch (error) {
          options.logger.warn({ err: error }, "WAL checkpoint failed");
        }
      }, options.checkpointIntervalMs),
    );
  }
  // Maintenance alone must not keep the process alive.
  for (const timer of timers) timer.unref();
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
