/**
 * Kubernetes' restart back-off (client-go's flowcontrol.Backoff as the kubelet uses it): the first retry
 * after a failure goes at once, the next waits `initial` after the failure, doubling up to `max`; a failure
 * more than 2 × `max` after the previous retry starts over. Used for CrashLoopBackOff (keys
 * `podUid/container`) and ImagePullBackOff (keys `podUid/image`).
 */
export class CrashBackoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdate: number }>();

  constructor(
    private readonly initialMs = 10_000,
    private readonly maxMs = 300_000,
  ) {
    if (!(initialMs > 0) || !(maxMs >= initialMs)) {
      throw new RangeError(`CrashBackoff: need 0 < initial (${initialMs}) <= max (${maxMs})`);
    }
  }

  /** Milliseconds from `now` until `key`, which failed at `failedAt`, may be retried; 0 when it may go now. */
  remaining(key: string, failedAt: number, now: number): number {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, failedAt)) return 0;
    return Math.max(0, failedAt + entry.delayMs - now);
  }

  /** Records a retry of `key` after the failure at `failedAt`: the next one waits longer. */
  next(key: string, failedAt: number): void {
    const entry = this.entries.get(key);
    const delayMs =
      !entry || this.expired(entry, failedAt) ? this.initialMs : Math.min(entry.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, lastUpdate: failedAt });
  }

  /** The current delay of `key` in ms (for messages like "back-off 20s"). */
  delayOf(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /** Forgets every key starting with `prefix` (a pod that went away). */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(entry: { lastUpdate: number }, failedAt: number): boolean {
    return failedAt - entry.lastUpdate > 2 * this.maxMs;
  }
}
