import { describe, expect, it } from "vitest";
import { slowStartBatch } from "./slow-start.js";

describe("slowStartBatch", () => {
  it("runs batches of 1, 2, 4, ... up to the count", async () => {
    const batches: number[][] = [];
    let current: number[] = [];
    let inFlight = 0;
    const result = await slowStartBatch(10, 1, async (index) => {
      inFlight++;
      current.push(index);
      await Promise.resolve();
      if (inFlight === current.length) {
        batches.push(current);
        current = [];
      }
      inFlight--;
    });
    expect(result).toEqual({ succeeded: 10 });
    expect(batches.map((batch) => batch.length)).toEqual([1, 2, 4, 3]);
  });

  it("stops after the first batch with a failure and counts the successes", async () => {
    const calls: number[] = [];
    const result = await slowStartBatch(20, 1, async (index) => {
      calls.push(index);
      if (index === 4) throw new Error("quota exceeded");
    });
    // Batches [0], [1,2], [3..6]: the third holds the failure, so nothing after index 6 runs.
    expect(calls.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.succeeded).toBe(6);
    expect(result.error).toBeInstanceOf(Error);
  });

  it("does nothing for zero and rejects bad sizes", async () => {
    expect(await slowStartBatch(0, 1, async () => {})).toEqual({ succeeded: 0 });
    await expect(slowStartBatch(-1, 1, async () => {})).rejects.toThrow(RangeError);
    await expect(slowStartBatch(3, 0, async () => {})).rejects.toThrow(RangeError);
  });
});
