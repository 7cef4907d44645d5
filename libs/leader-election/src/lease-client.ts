/** Which Lease an elector competes for. */
export interface LeaseRef {
  readonly namespace: string;
  readonly name: string;
}

/** The leader-election fields of a Lease's spec, as the elector reads and writes them. */
export interface LeaseRecord {
  /** Who holds the lease; "" when nobody does (released). */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: Date | undefined;
  readonly renewTime: Date | undefined;
  /** Incremented each time the holder changes. */
  readonly leaseTransitions: number;
}

/** A record as stored, with the resourceVersion an update must present. */
export interface StoredLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

/** Per-call options: the elector cancels a call that would overrun its renew deadline. */
export interface LeaseCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * What the elector needs from the API, implemented by the caller ({@link grpcLeases} for the gRPC API).
 * `create` and `update` must throw {@link LeaseConflictError} when someone else wrote first (the Lease
 * already exists, or `resourceVersion` is stale); any other error counts as a failed attempt.
 */
export interface LeaseClient {
  /** The Lease, or undefined when it does not exist. */
  get(ref: LeaseRef, options?: LeaseCallOptions): Promise<StoredLease | undefined>;
  create(ref: LeaseRef, record: LeaseRecord, options?: LeaseCallOptions): Promise<StoredLease>;
  /** Replaces the record if the Lease is still at `resourceVersion`. */
  update(
    ref: LeaseRef,
    record: LeaseRecord,
    resourceVersion: string,
    options?: LeaseCallOptions,
  ): Promise<StoredLease>;
}

/** Someone else wrote the Lease first (HTTP 409): re-read it before trying again. */
export class LeaseConflictError extends Error {
  override readonly name = "LeaseConflictError";
}

/** Bad options given to the elector. */
export class LeaderElectionConfigError extends Error {
  override readonly name = "LeaderElectionConfigError";
}
