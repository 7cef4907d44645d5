import type { Logger } from "@capstan/runtime";
import type { ProxyMetrics } from "../forward/proxy-metrics.js";

/**
 * Runs the proxier's sync when the caches change and every `periodMs` in any case (to retry listeners
 * that could not open). Triggers that arrive during a sync collapse into one more sync after it, so a
 * burst of changes costs at most two syncs; a sync is level-triggered (it reads the whole cache).
 */
export class SyncLoop {
  #dirty = true;
  #wake: (() => void) | undefined;
  #firstSync: () => void = () => {};
  readonly #synced = new Promise<void>((resolve) => {
    this.#firstSync = resolve;
  });

  constructor(
    private readonly sync: () => Promise<void>,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {}

  /** Asks for a sync soon. */
  trigger(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  /** Resolves after the first successful sync. */
  synced(): Promise<void> {
    return this.#synced;
  }

  /** Syncs until `signal` aborts. */
  async run(periodMs: number, signal: AbortSignal): Promise<void> {
    const onAbort = () => this.#wake?.();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      while (!signal.aborted) {
        if (!this.#dirty) await this.#sleep(periodMs);
        if (signal.aborted) return;
        this.#dirty = false;
        try {
          await this.sync();
          this.metrics.syncs.inc({ result: "ok" });
          this.#firstSync();
        } catch (error) {
          this.metrics.syncs.inc({ result: "error" });
          this.logger.error({ err: error }, "proxy sync failed");
        }
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** Waits for a trigger, an abort, or the period. */
  #sleep(periodMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, periodMs);
      this.#wake = done;
    });
  }
}
