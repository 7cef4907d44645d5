/**
 * A bounded push queue read by one async iterator: plain publish/subscribe delivery in process. Like a
 * NATS slow consumer, a reader that falls `capacity` messages behind loses the newest ones (counted in
 * `dropped`) rather than growing memory without bound.
 */
export class MessageQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private wake: (() => void) | undefined;
  private closed = false;
  dropped = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.closed) return;
    if (this.items.length - this.head >= this.capacity) {
      this.dropped++;
      return;
    }
    this.items.push(item);
    this.wake?.();
  }

  /** Ends the iteration at once; queued items are dropped. */
  close(): void {
    this.closed = true;
    this.items = [];
    this.head = 0;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      if (this.head < this.items.length) {
        const item = this.items[this.head++] as T;
        if (this.head === this.items.length) {
          this.items = [];
          this.head = 0;
        }
        return { done: false, value: item };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
