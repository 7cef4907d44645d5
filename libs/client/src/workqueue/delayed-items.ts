import type { Clock, Timer } from "./clock.js";

interface Entry {
  readonly item: string;
  readonly readyAt: number;
}

/**
 * Items waiting to be added later (the work queue's `addAfter`). Each item waits once, for the earliest time
 * asked; one timer is armed for the soonest item. A binary heap keeps the soonest on top; entries superseded
 * by an earlier time stay in the heap and are skipped when they surface.
 */
export class DelayedItems {
  private readonly readyAt = new Map<string, number>();
  private readonly heap: Entry[] = [];
  private timer: Timer | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    /** Called with each item once its time has come. */
    private readonly onReady: (item: string) => void,
  ) {}

  /** Schedules `item` for `delayMs` from now, unless it already waits for an earlier time. */
  schedule(item: string, delayMs: number): void {
    const at = this.clock.now() + delayMs;
    const existing = this.readyAt.get(item);
    if (existing !== undefined && existing <= at) return;
    this.readyAt.set(item, at);
    this.push({ item, readyAt: at });
    if (at < this.timerDue) this.arm(at);
  }

  /** Items currently waiting. */
  get size(): number {
    return this.readyAt.size;
  }

  /** Drops every waiting item and the timer. */
  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    this.readyAt.clear();
    this.heap.length = 0;
  }

  private arm(at: number): void {
    this.timer?.cancel();
    this.timerDue = at;
    this.timer = this.clock.setTimer(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    for (let top = this.heap[0]; top && top.readyAt <= now; top = this.heap[0]) {
      this.pop();
      if (this.readyAt.get(top.item) !== top.readyAt) continue;
      this.readyAt.delete(top.item);
      this.onReady(top.item);
    }
    const next = this.heap[0];
    if (next) this.arm(next.readyAt);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at(heap, parent).readyAt <= entry.readyAt) break;
      heap[i] = at(heap, parent);
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && at(heap, right).readyAt < at(heap, left).readyAt ? right : left;
      if (at(heap, child).readyAt >= last.readyAt) break;
      heap[i] = at(heap, child);
      i = child;
    }
    heap[i] = last;
  }
}

function at(heap: Entry[], index: number): Entry {
  const entry = heap[index];
  if (!entry) throw new Error(`delayed items heap: no entry at ${index}`);
  return entry;
}
