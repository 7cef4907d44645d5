import type { Logger } from "@capstan/runtime";

/** What a reconcile asks of the machinery besides "done": look again after a while (polling). */
export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds, even if nothing changes. */
  readonly requeueAfter?: number;
}

/** Handed to each reconcile call. */
export interface ReconcileContext {
  /** Aborts when the controller stops. */
  readonly signal: AbortSignal;
  /** Carries `controller`, `key` and `reconcileId` on every line. */
  readonly logger: Logger;
  /** Identifies this one call in logs. */
  readonly reconcileId: string;
}

/**
 * controller-runtime's contract: given only a key (`namespace/name`), read the world and make it right.
 * Throwing means "retry with backoff"; throwing a {@link TerminalError} means "do not retry".
 */
export type Reconciler = (
  key: string,
  context: ReconcileContext,
) => Promise<ReconcileResult | undefined> | Promise<void>;

/** A failure that retrying cannot fix (bad user input, say): logged, never requeued. */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
}
