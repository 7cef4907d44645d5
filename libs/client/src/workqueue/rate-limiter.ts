import { type Clock, systemClock } from "./clock.js";

/**
 * Decides how long an item waits before it is retried (client-go's `RateLimiter`). `when` is called once per
 * failure and counts it; `forget` clears the item's history once it succeeded.
 */
export interface RateLimiter {
  /** Milliseconds the item must wait before its next attempt; records one more failure. */
  when(item: string): number;
  /** Forgets the item's failures (call after a success). */
  forget(item: string): void;
  /** Failures recorded for the item since it was last forgotten. */
  numRequeues(item: string): number;
}

/** Per-item exponential backoff: `baseMs * 2^failures`, capped at `maxMs`. */
export function createExponentialBackoffRateLimiter(baseMs: number, maxMs: number): RateLimiter {
  requirePositive("baseMs", baseMs);
  requirePositive("maxMs", maxMs);
  if (maxMs < baseMs) throw new RangeError(`maxMs (${maxMs}) must not be below baseMs (${baseMs})`);
  const failures = new Map<string, number>();
  return {
    when(item) {
      const count = failures.get(item) ?? 0;
      failures.set(item, count + 1);
      const delay = baseMs * 2 ** count;
      return Number.isFinite(delay) && delay < maxMs ? delay : maxMs;
    },
    forget: (item) => void failures.delete(item),
    numRequeues: (item) => failures.get(item) ?? 0,
  };
}

/**
 * An overall token bucket shared by all items: `qps` tokens a second, at most `burst` saved up. Each `when`
 * reserves a token, and the delay is how long until that token exists, so retries across all items never
 * exceed `qps` once the burst is spent. It keeps no per-item state.
 */
export function createTokenBucketRateLimiter(
  qps: number,
  burst: number,
  clock: Clock = systemClock,
): RateLimiter {
  requirePositive("qps", qps);
  if (!Number.isInteger(burst) || burst < 1)
    throw new RangeError(`burst must be an integer >= 1, got ${burst}`);
  let tokens = burst;
  let last = clock.now();
  return {
    when() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) * qps) / 1000);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / qps);
    },
    forget() {},
    numRequeues: () => 0,
  };
}

/** Combines limiters: the delay is the longest any of them asks for; every one records the failure. */
export function createMaxOfRateLimiter(...limiters: RateLimiter[]): RateLimiter {
  if (limiters.length === 0) throw new RangeError("createMaxOfRateLimiter needs at least one limiter");
  return {
    when: (item) => Math.max(...limiters.map((limiter) => limiter.when(item))),
    forget: (item) => {
      for (const limiter of limiters) limiter.forget(item);
    },
    numRequeues: (item) => Math.max(...limiters.map((limiter) => limiter.numRequeues(item))),
  };
}

/** Default per-item backoff bounds: 5 ms doubling up to 1000 s (client-go's controller defaults). */
export const DEFAULT_BACKOFF = { baseMs: 5, maxMs: 1_000_000 } as const;
/** Default overall retry budget: 10 retries a second with a burst of 100. */
export const DEFAULT_BUCKET = { qps: 10, burst: 100 } as const;

/** Per-item exponential backoff (5 ms .. 1000 s) combined with an overall 10 qps / burst 100 token bucket. */
export function createDefaultControllerRateLimiter(clock: Clock = systemClock): RateLimiter {
  return createMaxOfRateLimiter(
    createExponentialBackoffRateLimiter(DEFAULT_BACKOFF.baseMs, DEFAULT_BACKOFF.maxMs),
    createTokenBucketRateLimiter(DEFAULT_BUCKET.qps, DEFAULT_BUCKET.burst, clock),
  );
}

function requirePositive(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}
