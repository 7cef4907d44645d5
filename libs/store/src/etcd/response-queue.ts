/**
 * Turns a push source (a gRPC stream's events) into an async iterator: items are kept in arrival order
 * until read; `fail` makes the next read throw once the items before it are read; `end` finishes.
 */
export class ResponseQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private finished = false;
  private failure: { error: unknown } | undefined;
  private wakers: (() => void)[] = [];

  push(item: T): void {
    if (this.finished || this.failure) return;
    this.items.push(item);
    this.notify();
  }

  fail(error: unknown): void {
    if (this.finished || this.failure) return;
    this.failure = { error };
    this.notify();
  }

  end(): void {
    this.finished = true;
    this.notify();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) return { value: item, done: false };
      if (this.failure) throw this.failure.error;
      if (this.finished) return { value: undefined, done: true };
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.end();
    this.items.length = 0;
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private notify(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }
}
