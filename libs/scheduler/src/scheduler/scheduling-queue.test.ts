import { describe, expect, it } from "vitest";
import { type QueueOrder, SchedulingQueue } from "./scheduling-queue.js";

function queue(orders: Record<string, QueueOrder>, initialBackoffMs = 10, maxBackoffMs = 40) {
  return new SchedulingQueue({
    orderOf: (key) => orders[key] ?? { priority: 0, createdMs: 0 },
    initialBackoffMs,
    maxBackoffMs,
  });
}

async function drain(q: SchedulingQueue): Promise<string[]> {
  const keys: string[] = [];
  while (q.len() > 0) {
    const key = await q.get();
    if (key === undefined) break;
    keys.push(key);
    q.done(key);
  }
  return keys;
}

describe("SchedulingQueue", () => {
  it("hands out higher priority first, then older pods, each key once", async () => {
    const q = queue({
      young: { priority: 0, createdMs: 300 },
      old: { priority: 0, createdMs: 100 },
      urgent: { priority: 1000, createdMs: 500 },
      low: { priority: -5, createdMs: 0 },
    });
    for (const key of ["young", "old", "urgent", "low", "old"]) q.add(key);
    expect(await drain(q)).toEqual(["urgent", "old", "young", "low"]);
  });

  it("keeps an add that comes while the key is being scheduled for after done", async () => {
    const q = queue({});
    q.add("a");
    const key = await q.get();
    q.add("a");
    expect(q.len()).toBe(0);
    q.done(key ?? "");
    expect(await q.get()).toBe("a");
  });

  it("orders keys added in one tick before waking a waiting get", async () => {
    const q = queue({ low: { priority: 0, createdMs: 0 }, high: { priority: 10, createdMs: 0 } });
    const waiting = q.get();
    q.add("low");
    q.add("high");
    expect(await waiting).toBe("high");
  });

  it("wakes a waiting get and resolves undefined after shutdown", async () => {
    const q = queue({});
    const waiting = q.get();
    q.add("a");
    expect(await waiting).toBe("a");
    const afterShutdown = q.get();
    q.shutDown();
    expect(await afterShutdown).toBeUndefined();
  });

  it("backs off exponentially until forget", async () => {
    const q = queue({}, 20, 80);
    const started = Date.now();
    q.addRateLimited("a");
    expect(await q.get()).toBe("a");
    q.done("a");
    const first = Date.now() - started;
    q.addRateLimited("a");
    const again = Date.now();
    expect(await q.get()).toBe("a");
    expect(first).toBeGreaterThanOrEqual(15);
    expect(Date.now() - again).toBeGreaterThanOrEqual(35);
    q.shutDown();
  });

  it("rejects a bad backoff with a typed error", () => {
    expect(() => queue({}, 0, 10)).toThrow(/backoff must satisfy/);
    expect(() => queue({}, 20, 10)).toThrow(/backoff must satisfy/);
  });
});
