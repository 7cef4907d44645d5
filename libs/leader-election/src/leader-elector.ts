import { abortableDelay, type Logger, type Runnable } from "@capstan/runtime";
import {
  LeaderElectionConfigError,
  type LeaseClient,
  LeaseConflictError,
  type LeaseRecord,
  type LeaseRef,
  type StoredLease,
} from "./lease-client.js";

/** Options of {@link createLeaderElector}; durations as in client-go (15 s / 10 s / 2 s by default). */
export interface LeaderElectorOptions {
  readonly lease: LeaseRef;
  /** This candidate's unique name (usually host name plus a random suffix). */
  readonly identity: string;
  readonly leases: LeaseClient;
  /** How long a standby waits after the last observed change before taking an unrenewed lease. */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps retrying a failing renew before it gives up leadership. */
  readonly renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew. */
  readonly retryPeriodMs?: number;
  readonly logger: Logger;
  /** Runs the leader's work; `signal` aborts when leadership is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called after leadership ended (the work's promise, if any, has settled). */
  onStoppedLeading?(): void;
  /** Current time in ms; tests pass a fake. */
  readonly now?: () => number;
}

/**
 * Creates a candidate for the Lease as a runnable: it acquires the Lease when absent, released or expired,
 * renews it every retry period while leading, gives up leadership when renewing fails for the renew deadline
 * (and then stands by again), and releases the Lease on a clean stop so a standby takes over at once.
 * Throws {@link LeaderElectionConfigError} for bad options.
 */
export function createLeaderElector(options: LeaderElectorOptions): Runnable {
  const config = validate(options);
  const { lease: ref, identity, leases, logger, now } = config;
  /** The last record seen and when (local time): expiry is judged on our clock, not the holder's. */
  let observed: { stored: StoredLease; at: number } | undefined;

  const record = (previous: LeaseRecord | undefined): LeaseRecord => {
    const time = new Date(now());
    const keeps = previous !== undefined && previous.holderIdentity === identity;
    return {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(config.leaseDurationMs / 1000),
      acquireTime: keeps ? previous.acquireTime : time,
      renewTime: time,
      leaseTransitions: previous === undefined ? 0 : previous.leaseTransitions + (keeps ? 0 : 1),
    };
  };

  /** One attempt to acquire or renew; true when we hold the Lease afterwards. */
  const tryAcquireOrRenew = async (signal?: AbortSignal): Promise<boolean> => {
    const call = signal ? { signal } : {};
    try {
      const current = await leases.get(ref, call);
      if (current === undefined) {
        observed = { stored: await leases.create(ref, record(undefined), call), at: now() };
        return true;
      }
      if (observed === undefined || observed.stored.resourceVersion !== current.resourceVersion) {
        observed = { stored: current, at: now() };
      }
      const holder = current.record.holderIdentity;
      const expired = observed.at + config.leaseDurationMs <= now();
      if (holder !== "" && holder !== identity && !expired) return false;
      const written = await leases.update(ref, record(current.record), current.resourceVersion, call);
      observed = { stored: written, at: now() };
      return true;
    } catch (error) {
      if (error instanceof LeaseConflictError) {
        logger.debug({ lease: ref }, "lease written by someone else; re-reading on the next attempt");
      } else {
        logger.warn({ err: error, lease: ref }, "lease attempt failed");
      }
      return false;
    }
  };

  const acquire = async (signal: AbortSignal): Promise<boolean> => {
    while (!signal.aborted) {
      if (await tryAcquireOrRenew()) {
        if (!signal.aborted) return true;
        await release();
        return false;
      }
      await abortableDelay(config.retryPeriodMs, signal);
    }
    return false;
  };

  /** Renews until a renew cannot succeed within the deadline, or `signal` aborts. */
  const renewLoop = async (signal: AbortSignal): Promise<void> => {
    let lastRenew = now();
    while (!signal.aborted) {
      await abortableDelay(config.retryPeriodMs, signal);
      if (signal.aborted) return;
      const remaining = lastRenew + config.renewDeadlineMs - now();
      const renewed =
        remaining > 0 && (await tryAcquireOrRenew(AbortSignal.any([signal, AbortSignal.timeout(remaining)])));
      if (renewed) lastRenew = now();
      else if (now() - lastRenew >= config.renewDeadlineMs) {
        logger.warn({ lease: ref, identity }, "failed to renew the lease within the renew deadline");
        return;
      }
    }
  };

  /** Clears the holder so a standby need not wait for expiry; only if we still hold it. */
  const release = async (): Promise<void> => {
    const mine = observed?.stored;
    if (mine === undefined || mine.record.holderIdentity !== identity) return;
    const cleared: LeaseRecord = {
      ...mine.record,
      holderIdentity: "",
      leaseDurationSeconds: 1,
      renewTime: new Date(now()),
    };
    try {
      observed = { stored: await leases.update(ref, cleared, mine.resourceVersion), at: now() };
      logger.info({ lease: ref, identity }, "released the lease");
    } catch (error) {
      logger.warn({ err: error, lease: ref }, "could not release the lease; it will expire");
    }
  };

  const lead = async (signal: AbortSignal): Promise<void> => {
    logger.info({ lease: ref, identity }, "became leader");
    const leading = new AbortController();
    const stopWork = () => leading.abort();
    signal.addEventListener("abort", stopWork, { once: true });
    let workError: unknown;
    const work = Promise.resolve()
      .then(() => options.onStartedLeading(leading.signal))
      .catch((error: unknown) => {
        // Work that returns keeps the leadership (as in client-go); work that fails ends it.
        workError = error;
        stopWork();
      });
    await renewLoop(leading.signal);
    stopWork();
    signal.removeEventListener("abort", stopWork);
    await work;
    if (signal.aborted || workError !== undefined) await release();
    logger.info({ lease: ref, identity }, "stopped leading");
    options.onStoppedLeading?.();
    if (workError !== undefined) throw workError;
  };

  return {
    name: "leader-election",
    async start(signal) {
      while (!signal.aborted) {
        if (await acquire(signal)) await lead(signal);
      }
    },
  };
}

function validate(options: LeaderElectorOptions) {
  if (typeof options !== "object" || options === null) {
    throw new LeaderElectionConfigError("leader election options must be an object");
  }
  const { lease, identity, leases, logger } = options;
  if (
    typeof lease?.namespace !== "string" ||
    lease.namespace === "" ||
    typeof lease.name !== "string" ||
    lease.name === ""
  ) {
    throw new LeaderElectionConfigError("lease must name a namespace and a name");
  }
  if (typeof identity !== "string" || identity === "") {
    throw new LeaderElectionConfigError("identity must be a non-empty string");
  }
  if (
    typeof leases?.get !== "function" ||
    typeof leases.create !== "function" ||
    typeof leases.update !== "function"
  ) {
    throw new LeaderElectionConfigError("leases must implement get, create and update");
  }
  if (typeof options.onStartedLeading !== "function") {
    throw new LeaderElectionConfigError("onStartedLeading must be a function");
  }
  const leaseDurationMs = positive("leaseDurationMs", options.leaseDurationMs ?? 15_000);
  const renewDeadlineMs = positive("renewDeadlineMs", options.renewDeadlineMs ?? 10_000);
  const retryPeriodMs = positive("retryPeriodMs", options.retryPeriodMs ?? 2_000);
  if (leaseDurationMs <= renewDeadlineMs) {
    throw new LeaderElectionConfigError("leaseDurationMs must be greater than renewDeadlineMs");
  }
  if (renewDeadlineMs <= retryPeriodMs) {
    throw new LeaderElectionConfigError("renewDeadlineMs must be greater than retryPeriodMs");
  }
  return {
    lease,
    identity,
    leases,
    logger,
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    now: options.now ?? Date.now,
  };
}

function positive(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new LeaderElectionConfigError(`${name} must be a positive number of milliseconds`);
  }
  return value;
}
