import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue.js";

async function drain<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe("EventQueue", () => {
  it("delivers pushed items in order, then the last one, then ends", async () => {
    const queue = new EventQueue<number>({ limit: 10 });
    queue.push(1);
    queue.push(2);
    const reading = drain(queue);
    queue.push(3);
    queue.close(4);
    queue.push(5);
    expect(await reading).toEqual([1, 2, 3, 4]);
  });

  it("ends itself and reports when the consumer falls behind the limit", async () => {
    let overflowed = 0;
    const queue = new EventQueue<number>({ limit: 2, onOverflow: () => overflowed++ });
    for (let n = 0; n < 5; n++) queue.push(n);
    expect(overflowed).toBe(1);
    expect(queue.closed).toBe(true);
    expect(await drain(queue)).toEqual([0, 1]);
  });

  it("runs onEnd when the consumer stops early", async () => {
    let ended = false;
    const queue = new EventQueue<number>({ limit: 10, onEnd: () => (ended = true) });
    queue.push(1);
    queue.push(2);
    for await (const item of queue) if (item === 1) break;
    expect(ended).toBe(true);
  });

  it("runs onEnd at close even when nobody reads", () => {
    let ended = 0;
    const queue = new EventQueue<number>({ limit: 10, onEnd: () => ended++ });
    queue.push(1);
    queue.close();
    queue.close();
    expect(ended).toBe(1);
  });
});
