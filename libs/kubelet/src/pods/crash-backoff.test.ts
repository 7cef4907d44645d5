import { describe, expect, it } from "vitest";
import { CrashBackoff } from "./crash-backoff.js";

describe("CrashBackoff", () => {
  it("retries at once, then waits 10 s, 20 s ... up to the maximum", () => {
    const backoff = new CrashBackoff(10_000, 40_000);
    expect(backoff.remaining("p/c", 0, 0)).toBe(0);
    backoff.next("p/c", 0);
    expect(backoff.remaining("p/c", 1_000, 1_000)).toBe(10_000);
    expect(backoff.remaining("p/c", 1_000, 11_000)).toBe(0);
    backoff.next("p/c", 1_000);
    expect(backoff.delayOf("p/c")).toBe(20_000);
    backoff.next("p/c", 2_000);
    backoff.next("p/c", 3_000);
    expect(backoff.delayOf("p/c")).toBe(40_000);
  });

  it("starts over after a long run and forgets a pod", () => {
    const backoff = new CrashBackoff(10_000, 40_000);
    backoff.next("p/c", 0);
    backoff.next("p/c", 1);
    expect(backoff.remaining("p/c", 100_000, 100_000)).toBe(0);
    backoff.next("p/c", 100_000);
    expect(backoff.delayOf("p/c")).toBe(10_000);
    backoff.forget("p/");
    expect(backoff.delayOf("p/c")).toBe(0);
    expect(() => new CrashBackoff(0, 1)).toThrow(RangeError);
  });
});
