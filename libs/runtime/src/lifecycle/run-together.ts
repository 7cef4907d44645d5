import { setMaxListeners } from "node:events";
import { type Runnable, RunnableError, startRunnable } from "./runnable.js";

/** How many listeners a shared stop signal may carry before Node warns (each part of a component adds some). */
export const STOP_SIGNAL_LISTENERS = 100;

/**
 * Combines runnables into one: all start together and share a stop signal. When the outer signal aborts
 * they all stop; when one fails (or stops unasked) the others are stopped too, and the group rejects with
 * that first failure once every member has finished, so nothing is left running behind an error.
 */
export function runTogether(name: string, runnables: readonly Runnable[]): Runnable {
  if (!Array.isArray(runnables)) throw new RunnableError(name, "runnables must be an array");
  return {
    name,
    async start(signal: AbortSignal): Promise<void> {
      const inner = new AbortController();
      setMaxListeners(STOP_SIGNAL_LISTENERS, inner.signal);
      const stop = () => inner.abort(signal.reason);
      if (signal.aborted) stop();
      else signal.addEventListener("abort", stop, { once: true });
      let firstFailure: unknown;
      try {
        await Promise.all(
          runnables.map((runnable) =>
            startRunnable(runnable, inner.signal).catch((error: unknown) => {
              firstFailure ??= error;
              inner.abort(error);
            }),
          ),
        );
      } finally {
        signal.removeEventListener("abort", stop);
      }
      if (firstFailure !== undefined) throw firstFailure;
    },
  };
}
