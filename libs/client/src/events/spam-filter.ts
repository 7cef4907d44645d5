/**
 * A token bucket per involved object, as client-go's EventSourceObjectSpamFilter: a burst of events is let
 * through, then one per refill interval, so a flapping object cannot flood the store with events.
 */
export class EventSpamFilter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly burst = 25,
    private readonly refillMs = 5 * 60_000,
    private readonly maxKeys = 4096,
  ) {}

  /** True when an event about `key` may be written at `now` (and takes a token). */
  allow(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    const refilled = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) / this.refillMs);
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    const allowed = refilled >= 1;
    this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, updatedAt: now });
    return allowed;
  }
}
