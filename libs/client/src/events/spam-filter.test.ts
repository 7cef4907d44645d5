import { describe, expect, it } from "vitest";
import { EventSpamFilter } from "./spam-filter.js";

describe("EventSpamFilter", () => {
  it("lets a burst through, then one event per refill interval", () => {
    const filter = new EventSpamFilter(3, 1000);
    expect([0, 0, 0, 0].map((at) => filter.allow("pod/a", at))).toEqual([true, true, true, false]);
    expect(filter.allow("pod/a", 500)).toBe(false);
    expect(filter.allow("pod/a", 1000)).toBe(true);
    expect(filter.allow("pod/a", 1000)).toBe(false);
  });

  it("keeps a bucket per object", () => {
    const filter = new EventSpamFilter(1, 1000);
    expect(filter.allow("pod/a", 0)).toBe(true);
    expect(filter.allow("pod/b", 0)).toBe(true);
    expect(filter.allow("pod/a", 0)).toBe(false);
  });

  it("forgets the oldest objects beyond its size bound", () => {
    const filter = new EventSpamFilter(1, 1000, 2);
    filter.allow("pod/a", 0);
    filter.allow("pod/b", 0);
    filter.allow("pod/c", 0);
    expect(filter.allow("pod/a", 0)).toBe(true);
  });
});
