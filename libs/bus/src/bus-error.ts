export type BusErrorCode =
  /** bad arguments: a malformed subject, a subject outside the stream, an empty msgId, a payload too large */
  | "invalid"
  /** the bus was closed */
  | "closed"
  /** the server cannot be reached, or did not answer in time */
  | "unavailable"
  /** the server refused the operation for another reason (see the message) */
  | "failed";

/** The one error type every bus driver throws. */
export class BusError extends Error {
  override readonly name = "BusError";
  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static is(error: unknown, code?: BusErrorCode): error is BusError {
    return error instanceof BusError && (code === undefined || error.code === code);
  }
}
