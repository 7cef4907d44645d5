import { setMaxListeners } from "node:events";
import type { Logger } from "../logging/logger.js";
import { runTogether, STOP_SIGNAL_LISTENERS } from "./run-together.js";
import { type Runnable, startRunnable } from "./runnable.js";

export interface RunMainOptions {
  readonly logger: Logger;
  readonly runnables: readonly Runnable[];
  /** Once stopping has begun, exit 1 if everything has not stopped within this time. Default 30 s. */
  readonly shutdownTimeoutMs?: number;
  /** Signals that start a clean stop. Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
}

/** Exit code after a clean stop. */
export const EXIT_OK = 0;
/** Exit code after a failure, a second signal, or a missed shutdown deadline. */
export const EXIT_FAILURE = 1;

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Runs a component's runnables until a signal and exits the process: 0 after a clean stop, 1 after a
 * failure (logged; the other runnables are stopped first), 1 when a second signal arrives or the shutdown
 * deadline passes. Signals are handled explicitly, which is also what makes a Node process stop promptly as
 * PID 1 in a container (the kernel gives PID 1 no default signal actions). Only mains call this.
 */
export async function runMain(options: RunMainOptions): Promise<never> {
  const code = await supervise(options);
  options.logger.flush();
  process.exit(code);
}

async function supervise(options: RunMainOptions): Promise<number> {
  const { logger } = options;
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const controller = new AbortController();
  // Every component and its parts listen on this one signal; more than Node's default 10 is expected.
  setMaxListeners(STOP_SIGNAL_LISTENERS, controller.signal);
  let force: (code: number) => void = () => {};
  const forced = new Promise<number>((resolve) => {
    force = resolve;
  });
  let deadline: NodeJS.Timeout | undefined;

  // Stopping begins on the first signal or the first failure; either way the deadline starts then.
  const beginStop = (reason: unknown) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    deadline = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown deadline passed, exiting without a clean stop");
      force(EXIT_FAILURE);
    }, timeoutMs);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger.warn({ signal }, "second signal, exiting without waiting for a clean stop");
      force(EXIT_FAILURE);
      return;
    }
    logger.info({ signal, timeoutMs }, "stopping");
    beginStop(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  // Signal listeners do not keep Node's event loop alive: a main must live until told to stop, even when
  // its runnables are only waiting on promises.
  const keepAlive = setInterval(() => {}, 1 << 30);

  const watched = options.runnables.map(
    (runnable): Runnable => ({
      name: runnable.name,
      start: (signal) =>
        startRunnable(runnable, signal).catch((error: unknown) => {
          logger.error({ err: error }, "stopping after a failure");
          beginStop(error);
          throw error;
        }),
    }),
  );
  logger.info({ runnables: options.runnables.map((r) => r.name) }, "starting");
  const stopped = runTogether("main", watched)
    .start(controller.signal)
    .then(
      () => {
        logger.info("stopped");
        return EXIT_OK;
      },
      () => EXIT_FAILURE,
    );
  try {
    return await Promise.race([stopped, forced]);
  } finally {
    clearTimeout(deadline);
    clearInterval(keepAlive);
    for (const signal of signals) process.removeListener(signal, onSignal);
  }
}
