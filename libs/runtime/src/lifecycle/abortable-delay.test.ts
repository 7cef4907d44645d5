import { describe, expect, it } from "vitest";
import { abortableDelay } from "./abortable-delay.js";

describe("abortableDelay", () => {
  it("resolves after the delay", async () => {
    const started = performance.now();
    await abortableDelay(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("resolves as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const delay = abortableDelay(60_000, controller.signal);
    controller.abort();
    await delay;
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("resolves at once for a signal that has already aborted", async () => {
    const started = performance.now();
    await abortableDelay(60_000, AbortSignal.abort());
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
