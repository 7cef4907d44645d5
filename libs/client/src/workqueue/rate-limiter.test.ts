import { describe, expect, it } from "vitest";
import { createFakeClock } from "./clock.js";
import {
  createDefaultControllerRateLimiter,
  createExponentialBackoffRateLimiter,
  createMaxOfRateLimiter,
  createTokenBucketRateLimiter,
} from "./rate-limiter.js";

describe("exponential backoff", () => {
  it("doubles per failure up to the cap, per item, and forgets", () => {
    const limiter = createExponentialBackoffRateLimiter(5, 1000);
    expect([1, 2, 3, 4].map(() => limiter.when("a"))).toEqual([5, 10, 20, 40]);
    expect(limiter.when("b")).toBe(5);
    for (let i = 0; i < 100; i++) limiter.when("a");
    expect(limiter.when("a")).toBe(1000);
    expect(limiter.numRequeues("a")).toBe(105);
    limiter.forget("a");
    expect(limiter.numRequeues("a")).toBe(0);
    expect(limiter.when("a")).toBe(5);
  });

  it("stays at the cap even after enough failures to overflow 2^n", () => {
    const limiter = createExponentialBackoffRateLimiter(5, 1_000_000);
    for (let i = 0; i < 2000; i++) limiter.when("a");
    expect(limiter.when("a")).toBe(1_000_000);
  });

  it("refuses nonsense bounds", () => {
    expect(() => createExponentialBackoffRateLimiter(0, 10)).toThrow(RangeError);
    expect(() => createExponentialBackoffRateLimiter(10, 5)).toThrow(RangeError);
    expect(() => createExponentialBackoffRateLimiter(Number.NaN, 5)).toThrow(RangeError);
  });
});

describe("token bucket", () => {
  it("lets a burst through, then spaces reservations at 1/qps", () => {
    const clock = createFakeClock();
    const limiter = createTokenBucketRateLimiter(10, 3, clock);
    expect([1, 2, 3].map(() => limiter.when("x"))).toEqual([0, 0, 0]);
    expect(limiter.when("x")).toBe(100);
    expect(limiter.when("y")).toBe(200);
    clock.advance(200);
    expect(limiter.when("z")).toBe(100);
    clock.advance(10_000);
    expect([1, 2, 3].map(() => limiter.when("x"))).toEqual([0, 0, 0]);
  });

  it("refuses a zero rate or a fractional burst", () => {
    expect(() => createTokenBucketRateLimiter(0, 1)).toThrow(RangeError);
    expect(() => createTokenBucketRateLimiter(1, 0.5)).toThrow(RangeError);
  });
});

describe("combined limiters", () => {
  it("takes the longest delay and forgets in all", () => {
    const clock = createFakeClock();
    const limiter = createMaxOfRateLimiter(
      createExponentialBackoffRateLimiter(5, 1000),
      createTokenBucketRateLimiter(1, 1, clock),
    );
    expect(limiter.when("a")).toBe(5);
    expect(limiter.when("a")).toBe(1000);
    limiter.forget("a");
    expect(limiter.numRequeues("a")).toBe(0);
    expect(() => createMaxOfRateLimiter()).toThrow(RangeError);
  });

  it("defaults to 5 ms backoff under a 10 qps / 100 burst budget", () => {
    const clock = createFakeClock();
    const limiter = createDefaultControllerRateLimiter(clock);
    const delays = Array.from({ length: 100 }, (_, i) => limiter.when(`key-${i}`));
    expect(new Set(delays)).toEqual(new Set([5]));
    expect(limiter.when("one-more")).toBe(100);
  });
});
