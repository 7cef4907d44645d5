import type { StoreError } from "../store-error.js";

interface Waiter {
  revision: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Tells waiting watchers that the log moved past a revision. This process is the only writer (the
 * database is locked to it), so announcing each commit in memory reaches every watcher: no polling.
 */
export class ChangeSignal {
  private waiters = new Set<Waiter>();
  private closedError: StoreError | undefined;

  /** Announces that every revision up to `revision` is committed. */
  notify(revision: number): void {
    for (const waiter of this.waiters) {
      if (revision > waiter.revision) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /**
   * Resolves once a revision greater than `revision` is committed, or when `signal` aborts; rejects
   * once the store closes.
   */
  waitBeyond(revision: number, current: number, signal: AbortSignal): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (current > revision || signal.aborted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(waiter);
        resolve();
      };
      const waiter: Waiter = {
        revision,
        resolve: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Fails every current and future wait with `error`. */
  close(error: StoreError): void {
    this.closedError = error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
