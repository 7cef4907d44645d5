import { Writable } from "node:stream";
import { createLogger } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { describe, expect, it } from "vitest";
import { createExponentialBackoffRateLimiter } from "./rate-limiter.js";
import { TerminalError } from "./reconciler.js";
import { runWorkers } from "./run-workers.js";
import { createWorkQueue } from "./work-queue.js";

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger({ component: "test", level: "debug", destination }), lines };
}

describe("runWorkers", () => {
  it("never reconciles one key on two workers at once and collapses bursts", async () => {
    const queue = createWorkQueue();
    const controller = new AbortController();
    const running = new Set<string>();
    const calls: string[] = [];
    let overlap = false;
    let release: () => void = () => {};
    let gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = runWorkers(
      queue,
      4,
      async (key) => {
        if (running.has(key)) overlap = true;
        running.add(key);
        calls.push(key);
        await gate;
        running.delete(key);
      },
      controller.signal,
      { logger: captureLogger().logger },
    );
    for (const key of ["a", "b", "c"]) queue.add(key);
    await waitFor(() => running.size === 3);
    for (let burst = 0; burst < 10; burst++) for (const key of ["a", "b", "c"]) queue.add(key);
    expect(queue.len()).toBe(0);
    gate = Promise.resolve();
    release();
    await waitFor(() => calls.length === 6 && running.size === 0);
    controller.abort();
    await run;
    expect(overlap).toBe(false);
    expect(calls.sort()).toEqual(["a", "a", "b", "b", "c", "c"]);
  });

  it("retries a throwing reconcile with backoff, logging the reconcile id, then forgets on success", async () => {
    const queue = createWorkQueue({ rateLimiter: createExponentialBackoffRateLimiter(1, 10) });
    const controller = new AbortController();
    const { logger, lines } = captureLogger();
    let attempts = 0;
    const ids = new Set<string>();
    const run = runWorkers(
      queue,
      1,
      async (_key, context) => {
        ids.add(context.reconcileId);
        attempts++;
        if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
      },
      controller.signal,
      { logger, name: "demo" },
    );
    queue.add("ns/x");
    await waitFor(() => attempts === 3 && queue.numRequeues("ns/x") === 0);
    controller.abort();
    await run;
    expect(ids.size).toBe(3);
    const errors = lines.filter((line) => line.msg === "reconcile failed; retrying with backoff");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ controller: "demo", key: "ns/x", level: "error" });
    expect(typeof errors[0]?.reconcileId).toBe("string");
  });

  it("does not retry a terminal error; requeues after the asked delay", async () => {
    const queue = createWorkQueue();
    const controller = new AbortController();
    const counts = new Map<string, number>();
    const run = runWorkers(
      queue,
      2,
      async (key) => {
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (key === "bad") throw new TerminalError("cannot ever work");
        return count < 3 ? { requeueAfter: 1 } : undefined;
      },
      controller.signal,
      { logger: captureLogger().logger },
    );
    queue.add("bad");
    queue.add("poll");
    await waitFor(() => counts.get("poll") === 3);
    controller.abort();
    await run;
    expect(counts.get("bad")).toBe(1);
    expect(queue.numRequeues("bad")).toBe(0);
  });

  it("stops when the signal aborts, waiting for a running reconcile", async () => {
    const queue = createWorkQueue();
    const controller = new AbortController();
    let finished = false;
    let started = false;
    const run = runWorkers(
      queue,
      1,
      async (_key, { signal }) => {
        started = true;
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        finished = true;
      },
      controller.signal,
      { logger: captureLogger().logger },
    );
    queue.add("k");
    await waitFor(() => started);
    controller.abort();
    await run;
    expect(finished).toBe(true);
    expect(queue.shuttingDown).toBe(true);
  });

  it("refuses a bad worker count", async () => {
    const queue = createWorkQueue();
    await expect(runWorkers(queue, 0, async () => undefined, new AbortController().signal)).rejects.toThrow(
      RangeError,
    );
  });
});
