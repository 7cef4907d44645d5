/**
 * An unbounded-producer, single-consumer queue read with `for await`. The producer pushes synchronously;
 * when more than `limit` items wait (a consumer that cannot keep up) the queue ends itself and calls
 * `onOverflow`, so a slow watcher is dropped instead of growing memory without bound. `onEnd` runs once,
 * as soon as the queue is closed or the consumer stops, whichever comes first (even if it never started
 * reading), so the producer's resources are released.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #closed = false;
  #ended = false;
  #wake: (() => void) | undefined;
  readonly #limit: number;
  readonly #onOverflow: () => void;
  readonly #onEnd: () => void;

  constructor(options: { limit: number; onOverflow?: () => void; onEnd?: () => void }) {
    this.#limit = options.limit;
    this.#onOverflow = options.onOverflow ?? (() => {});
    this.#onEnd = options.onEnd ?? (() => {});
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Adds an item; ignored once closed. */
  push(item: T): void {
    if (this.#closed) return;
    if (this.#items.length >= this.#limit) {
      this.close();
      this.#onOverflow();
      return;
    }
    this.#items.push(item);
    this.#signal();
  }

  /** Ends the queue after `last` (when given) and whatever is already queued. */
  close(last?: T): void {
    if (this.#closed) return;
    if (last !== undefined) this.#items.push(last);
    this.#closed = true;
    this.#signal();
    this.#end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        const item = this.#items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      this.#closed = true;
      this.#items.length = 0;
      this.#end();
    }
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
