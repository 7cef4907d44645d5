import { ApiError } from "@capstan/apimachinery";

/** Where a pod stands in line: higher priority first, then the older pod. */
export interface QueueOrder {
  readonly priority: number;
  readonly createdMs: number;
}

export interface SchedulingQueueOptions {
  /** Looked up when a key is added (the pod is in the informer cache by then). */
  readonly orderOf: (key: string) => QueueOrder;
  /** Backoff for a pod that did not fit: doubles from initialMs per failure up to maxMs. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

interface Entry extends QueueOrder {
  readonly key: string;
  readonly seq: number;
}

function before(a: Entry, b: Entry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.createdMs !== b.createdMs) return a.createdMs < b.createdMs;
  return a.seq < b.seq;
}

/**
 * The scheduler's queue of pending pods: a heap ordered by priority then age, each key at most once, a key
 * taken for scheduling not handed out again until `done` (an add meanwhile is kept for after), and a
 * per-pod exponential backoff for pods that did not fit.
 */
export class SchedulingQueue {
  private readonly heap: Entry[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private seq = 0;
  private wakeScheduled = false;
  private closed = false;

  constructor(private readonly options: SchedulingQueueOptions) {
    const { initialBackoffMs, maxBackoffMs } = options;
    if (!(initialBackoffMs > 0) || !(maxBackoffMs >= initialBackoffMs)) {
      throw ApiError.badRequest(
        `backoff must satisfy 0 < initial <= max, got initial ${initialBackoffMs} ms, max ${maxBackoffMs} ms`,
      );
    }
  }

  get shuttingDown(): boolean {
    return this.closed;
  }

  /** Pods waiting in line (not counting those in backoff or being scheduled). */
  len(): number {
    return this.heap.length;
  }

  /** Puts the key in line now (no-op if it already is). */
  add(key: string): void {
    if (this.closed) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.push({ key, seq: this.seq++, ...this.options.orderOf(key) });
    // Wake a waiting get on a microtask, so keys added together in one tick are ordered before one is taken.
    if (this.waiters.length > 0 && !this.wakeScheduled) {
      this.wakeScheduled = true;
      queueMicrotask(() => this.wake());
    }
  }

  private wake(): void {
    this.wakeScheduled = false;
    while (this.waiters.length > 0 && this.heap.length > 0) {
      const waiter = this.waiters.shift();
      waiter?.(this.take());
    }
  }

  private take(): string | undefined {
    const entry = this.pop();
    if (!entry) return undefined;
    this.queued.delete(entry.key);
    this.processing.add(entry.key);
    return entry.key;
  }

  /** Puts the key back in line after its backoff, which doubles with each failure until {@link forget}. */
  addRateLimited(key: string): void {
    if (this.closed) return;
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delay = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** failures);
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delay);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  /** Resets the key's backoff (after it was placed, or is gone). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key in line; waits for one; undefined once shut down. */
  get(): Promise<string | undefined> {
    const key = this.take();
    if (key !== undefined) return Promise.resolve(key);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the handling of a key taken with `get`; an add that came meanwhile puts it back in line. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  /** Stops handing out keys: waiting and later `get`s resolve undefined; pending backoffs are dropped. */
  shutDown(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Entry, heap[parent] as Entry)) break;
      [heap[i], heap[parent]] = [heap[parent] as Entry, heap[i] as Entry];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && before(heap[left] as Entry, heap[best] as Entry)) best = left;
      if (right < heap.length && before(heap[right] as Entry, heap[best] as Entry)) best = right;
      if (best === i) return top;
      [heap[i], heap[best]] = [heap[best] as Entry, heap[i] as Entry];
      i = best;
    }
  }
}
