/**
 * Every long-lived piece of a component (a server, an informer, a controller, a heartbeat loop) is a
 * runnable: `start` runs it until `signal` aborts, then resolves once it has fully stopped. It rejects
 * when it fails. Only mains exit the process.
 */
export interface Runnable {
  /** Short name used in logs and errors (`apiserver`, `observability`, `node-heartbeat`). */
  readonly name: string;
  /** Runs until `signal` aborts; resolves once stopped, rejects on failure. */
  start(signal: AbortSignal): Promise<void>;
}

/** A runnable failed, or stopped although nobody asked it to. `cause` holds the original error. */
export class RunnableError extends Error {
  override readonly name = "RunnableError";
  constructor(
    readonly runnable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${runnable}: ${message}`, options);
  }
}

/** Resolves when `signal` aborts (at once if it already has). Never rejects. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/**
 * Starts one runnable, turning a synchronous throw, a rejection, or a return before `signal` aborted into a
 * {@link RunnableError}. Validates the runnable's shape so a wrong object fails with a clear message.
 */
export async function startRunnable(runnable: Runnable, signal: AbortSignal): Promise<void> {
  if (typeof runnable !== "object" || runnable === null || typeof runnable.start !== "function") {
    throw new RunnableError(describe(runnable), "is not a runnable (no start(signal) method)");
  }
  try {
    await runnable.start(signal);
  } catch (error) {
    if (error instanceof RunnableError) throw error;
    throw new RunnableError(runnable.name, messageOf(error), { cause: error });
  }
  if (!signal.aborted) throw new RunnableError(runnable.name, "stopped before it was asked to");
}

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null && "name" in value && typeof value.name === "string") {
    return value.name;
  }
  return String(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
