/**
 * A fixed-capacity FIFO that overwrites its oldest entry when full (the watch cache's event window).
 * `push` returns the entry it evicted, so the owner can move the start of its window past it.
 */
export class RingBuffer<T> {
  readonly #slots: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.#slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends `value`; returns the evicted oldest entry when the buffer was full. */
  push(value: T): T | undefined {
    if (this.#size < this.capacity) {
      this.#slots[(this.#start + this.#size) % this.capacity] = value;
      this.#size += 1;
      return undefined;
    }
    const evicted = this.#slots[this.#start];
    this.#slots[this.#start] = value;
    this.#start = (this.#start + 1) % this.capacity;
    return evicted;
  }

  /** Removes every entry. */
  clear(): void {
    this.#slots.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }

  /** The entries, oldest first, for which `keep` is true (from the newest end backwards until `stop`). */
  newestWhile(keep: (value: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.#size - 1; i >= 0; i--) {
      const value = this.#slots[(this.#start + i) % this.capacity] as T;
      if (!keep(value)) break;
      out.push(value);
    }
    return out.reverse();
  }
}
