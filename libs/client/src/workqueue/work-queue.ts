import { type Clock, systemClock } from "./clock.js";
import { DelayedItems } from "./delayed-items.js";
import { createDefaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";

/**
 * A queue of object keys in client-go's shape. A key waiting in the queue is "dirty"; a key handed out by
 * `get` is "processing" until `done`. Adding a dirty key does nothing (bursts collapse into one), and a key
 * added while processing waits until `done`, so no key is ever worked on by two workers at once.
 */
export interface WorkQueue {
  /** Queues `key` unless it is already waiting; ignored after `shutDown`. */
  add(key: string): void;
  /** Queues `key` after `delayMs` (at the earliest time asked if called several times). */
  addAfter(key: string, delayMs: number): void;
  /** Queues `key` after the rate limiter's delay for it (per-key backoff and an overall budget). */
  addRateLimited(key: string): void;
  /** Clears the key's failure history in the rate limiter (call after it succeeded). */
  forget(key: string): void;
  /** Failures recorded for `key` since it was last forgotten. */
  numRequeues(key: string): number;
  /** The next key to work on, waiting for one if needed; `undefined` once the queue is shut down. */
  get(): Promise<string | undefined>;
  /** Marks a key from `get` as finished; if it was added meanwhile, it is queued again. */
  done(key: string): void;
  /**
   * Stops the queue: new adds are ignored, waiting and delayed keys are dropped (a restarted controller
   * rebuilds them from its cache), blocked `get` calls return `undefined`. Resolves once every key handed out
   * has been marked `done` (drain).
   */
  shutDown(): Promise<void>;
  readonly shuttingDown: boolean;
  /** Keys waiting to be handed out (not counting processing or delayed ones). */
  len(): number;
}

export interface WorkQueueOptions {
  /** Defaults to 5 ms .. 1000 s per-key backoff combined with a 10 qps / burst 100 bucket. */
  rateLimiter?: RateLimiter;
  clock?: Clock;
}

/** Creates a rate-limited work queue. */
export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  return new RateLimitedWorkQueue(options.clock ?? systemClock, options.rateLimiter);
}

class RateLimitedWorkQueue implements WorkQueue {
  private readonly fifo: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly delayed: DelayedItems;
  private readonly rateLimiter: RateLimiter;
  private stopped = false;

  constructor(clock: Clock, rateLimiter: RateLimiter | undefined) {
    this.delayed = new DelayedItems(clock, (key) => this.add(key));
    this.rateLimiter = rateLimiter ?? createDefaultControllerRateLimiter(clock);
  }

  get shuttingDown(): boolean {
    return this.stopped;
  }

  add(key: string): void {
    requireKey(key);
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (!this.processing.has(key)) this.enqueue(key);
  }

  addAfter(key: string, delayMs: number): void {
    requireKey(key);
    if (typeof delayMs !== "number" || Number.isNaN(delayMs)) {
      throw new RangeError(`addAfter: delay must be a number of milliseconds, got ${String(delayMs)}`);
    }
    if (this.stopped) return;
    if (delayMs <= 0) this.add(key);
    else this.delayed.schedule(key, delayMs);
  }

  addRateLimited(key: string): void {
    requireKey(key);
    if (this.stopped) return;
    this.addAfter(key, this.rateLimiter.when(key));
  }

  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  get(): Promise<string | undefined> {
    const key = this.dequeue();
    if (key !== undefined) return Promise.resolve(this.startProcessing(key));
    if (this.stopped) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  done(key: string): void {
    if (!this.processing.delete(key)) return;
    if (this.dirty.has(key)) this.enqueue(key);
    if (this.stopped && this.processing.size === 0) this.resolveDrain();
  }

  shutDown(): Promise<void> {
    this.stopped = true;
    this.delayed.clear();
    this.fifo.length = 0;
    this.head = 0;
    this.dirty.clear();
    for (const resolve of this.getters.splice(0)) resolve(undefined);
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  len(): number {
    return this.fifo.length - this.head;
  }

  private enqueue(key: string): void {
    const getter = this.getters.shift();
    if (getter) getter(this.startProcessing(key));
    else this.fifo.push(key);
  }

  private dequeue(): string | undefined {
    if (this.head >= this.fifo.length) return undefined;
    const key = this.fifo[this.head++];
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo.splice(0, this.head);
      this.head = 0;
    }
    return key;
  }

  private startProcessing(key: string): string {
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private resolveDrain(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}

function requireKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new TypeError(`work queue keys are strings, got ${typeof key}`);
}
