import { randomUUID } from "node:crypto";
import { createLogger, type Logger } from "@capstan/runtime";
import type { Reconciler } from "./reconciler.js";
import { TerminalError } from "./reconciler.js";
import type { WorkQueue } from "./work-queue.js";

export interface RunWorkersOptions {
  /** Name in logs (`controller` field); defaults to "controller". */
  readonly name?: string;
  /** Defaults to a logger for component "controller". */
  readonly logger?: Logger;
}

/**
 * Runs `workers` loops that take keys from `queue` and reconcile them, in controller-runtime's shape:
 * success forgets the key's failures; `requeueAfter` re-adds it after that delay; a throw (or a rejected
 * promise) is logged with the call's reconcile id and re-adds the key rate-limited, unless it is a
 * {@link TerminalError}. When `signal` aborts, the queue is shut down and this resolves once every running
 * reconcile has finished.
 */
export async function runWorkers(
  queue: WorkQueue,
  workers: number,
  reconcile: Reconciler,
  signal: AbortSignal,
  options: RunWorkersOptions = {},
): Promise<void> {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`runWorkers: workers must be an integer >= 1, got ${String(workers)}`);
  }
  if (typeof reconcile !== "function") throw new TypeError("runWorkers: reconcile must be a function");
  const name = options.name ?? "controller";
  const logger = (options.logger ?? createLogger({ component: "controller" })).child({ controller: name });
  const stop = () => void queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  try {
    await Promise.all(Array.from({ length: workers }, () => workLoop(queue, reconcile, signal, logger)));
  } finally {
    signal.removeEventListener("abort", stop);
  }
  await queue.shutDown();
}

async function workLoop(queue: WorkQueue, reconcile: Reconciler, signal: AbortSignal, logger: Logger) {
  for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
    try {
      await processKey(queue, key, reconcile, signal, logger);
    } finally {
      queue.done(key);
    }
  }
}

async function processKey(
  queue: WorkQueue,
  key: string,
  reconcile: Reconciler,
  signal: AbortSignal,
  parent: Logger,
): Promise<void> {
  const reconcileId = randomUUID();
  const logger = parent.child({ key, reconcileId });
  let result: Awaited<ReturnType<Reconciler>>;
  try {
    result = await reconcile(key, { signal, logger, reconcileId });
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof TerminalError) {
      logger.error({ err: error }, "reconcile failed terminally; not retrying");
      queue.forget(key);
      return;
    }
    logger.error({ err: error, retries: queue.numRequeues(key) }, "reconcile failed; retrying with backoff");
    queue.addRateLimited(key);
    return;
  }
  const requeueAfter = result?.requeueAfter;
  queue.forget(key);
  if (requeueAfter === undefined) return;
  if (typeof requeueAfter !== "number" || !Number.isFinite(requeueAfter) || requeueAfter < 0) {
    logger.error({ requeueAfter }, "reconcile returned an invalid requeueAfter; retrying with backoff");
    queue.addRateLimited(key);
    return;
  }
  queue.addAfter(key, requeueAfter);
}
