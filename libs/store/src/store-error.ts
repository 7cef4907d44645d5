export type StoreErrorCode =
  /** create of a key that exists */
  | "exists"
  /** update/delete with an expected revision that is not the key's current one */
  | "conflict"
  /** update/delete/get-required of a key that does not exist */
  | "not-found"
  /** a read or watch at a revision older than the kept history */
  | "compacted"
  /** a read at a revision newer than the store's current revision */
  | "future-revision"
  /** bad arguments (empty key, key outside prefix, negative revision...) */
  | "invalid"
  /** the backend cannot be reached or failed */
  | "unavailable";

/** The one error type every store driver throws. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static is(error: unknown, code?: StoreErrorCode): error is StoreError {
    return error instanceof StoreError && (code === undefined || error.code === code);
  }
}
