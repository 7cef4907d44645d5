import { describe, expect, it } from "vitest";
import { createFakeClock } from "./clock.js";
import { createExponentialBackoffRateLimiter } from "./rate-limiter.js";
import { createWorkQueue } from "./work-queue.js";

describe("work queue", () => {
  it("hands keys out in order and collapses repeated adds", async () => {
    const queue = createWorkQueue();
    for (const key of ["a", "b", "a", "c", "b"]) queue.add(key);
    expect(queue.len()).toBe(3);
    expect([await queue.get(), await queue.get(), await queue.get()]).toEqual(["a", "b", "c"]);
    expect(queue.len()).toBe(0);
  });

  it("never hands out a key that is processing; re-adds it once done", async () => {
    const queue = createWorkQueue();
    queue.add("a");
    const first = await queue.get();
    expect(first).toBe("a");
    queue.add("a");
    queue.add("a");
    queue.add("b");
    expect(queue.len()).toBe(1);
    expect(await queue.get()).toBe("b");
    let second: string | undefined;
    const waiting = queue.get().then((key) => {
      second = key;
    });
    await Promise.resolve();
    expect(second).toBeUndefined();
    queue.done("a");
    await waiting;
    expect(second).toBe("a");
    queue.done("a");
    queue.done("b");
    expect(queue.len()).toBe(0);
  });

  it("wakes a blocked get when a key arrives", async () => {
    const queue = createWorkQueue();
    const pending = queue.get();
    queue.add("x");
    await expect(pending).resolves.toBe("x");
  });

  it("adds after a delay, keeping the earliest time asked", async () => {
    const clock = createFakeClock();
    const queue = createWorkQueue({ clock });
    queue.addAfter("late", 1000);
    queue.addAfter("soon", 100);
    queue.addAfter("late", 50);
    queue.addAfter("soon", 500);
    queue.addAfter("now", 0);
    expect(queue.len()).toBe(1);
    clock.advance(49);
    expect(queue.len()).toBe(1);
    clock.advance(1);
    expect(queue.len()).toBe(2);
    clock.advance(50);
    expect(queue.len()).toBe(3);
    expect([await queue.get(), await queue.get(), await queue.get()]).toEqual(["now", "late", "soon"]);
    clock.advance(10_000);
    expect(queue.len()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("backs off per key when rate-limited and starts over after forget", () => {
    const clock = createFakeClock();
    const queue = createWorkQueue({ clock, rateLimiter: createExponentialBackoffRateLimiter(5, 1000) });
    queue.addRateLimited("k");
    clock.advance(4);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    expect(queue.numRequeues("k")).toBe(1);
    queue.addRateLimited("j");
    queue.addRateLimited("k");
    expect(queue.numRequeues("k")).toBe(2);
    queue.forget("k");
    expect(queue.numRequeues("k")).toBe(0);
  });

  it("orders many delayed keys by time", async () => {
    const clock = createFakeClock();
    const queue = createWorkQueue({ clock });
    const delays = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 200) + 1);
    delays.forEach((delay, i) => {
      queue.addAfter(`k${i}`, delay);
    });
    clock.advance(200);
    const order: number[] = [];
    for (let i = 0; i < delays.length; i++) {
      const key = await queue.get();
      order.push(delays[Number(key?.slice(1))] ?? -1);
    }
    expect(order).toEqual([...delays].sort((a, b) => a - b));
  });

  it("shuts down: drops waiting keys, releases getters, drains processing keys", async () => {
    const clock = createFakeClock();
    const queue = createWorkQueue({ clock });
    queue.add("working");
    queue.add("waiting");
    queue.addAfter("delayed", 100);
    expect(await queue.get()).toBe("working");
    let drained = false;
    const shutdown = queue.shutDown().then(() => {
      drained = true;
    });
    expect(queue.shuttingDown).toBe(true);
    expect(queue.len()).toBe(0);
    await expect(queue.get()).resolves.toBeUndefined();
    queue.add("late");
    clock.advance(1000);
    expect(queue.len()).toBe(0);
    await Promise.resolve();
    expect(drained).toBe(false);
    queue.done("working");
    await shutdown;
    expect(drained).toBe(true);
  });

  it("refuses a non-string key and a NaN delay", () => {
    const queue = createWorkQueue();
    expect(() => queue.add(42 as unknown as string)).toThrow(TypeError);
    expect(() => queue.addAfter("a", Number.NaN)).toThrow(RangeError);
  });
});
