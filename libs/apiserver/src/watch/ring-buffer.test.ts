import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer.js";

describe("RingBuffer", () => {
  it("keeps the newest entries and returns what it evicts", () => {
    const ring = new RingBuffer<number>(3);
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([undefined, undefined, undefined]);
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect(ring.size).toBe(3);
    expect(ring.newestWhile(() => true)).toEqual([3, 4, 5]);
  });

  it("reads back from the newest end while the condition holds", () => {
    const ring = new RingBuffer<number>(5);
    for (let n = 1; n <= 7; n++) ring.push(n);
    expect(ring.newestWhile((n) => n > 4)).toEqual([5, 6, 7]);
    expect(ring.newestWhile((n) => n > 9)).toEqual([]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.newestWhile(() => true)).toEqual([]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
