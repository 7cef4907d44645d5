import { describe, expect, it } from "vitest";
import { keyAfter, prefixRangeEnd, prefixRangeStart } from "./key-bytes.js";

describe("etcd key ranges", () => {
  it("ends a prefix range at the prefix with its last UTF-8 byte incremented", () => {
    expect(prefixRangeEnd("/registry/pods/").toString()).toBe("/registry/pods0");
    // "ÿ" is 0xc3 0xbf in UTF-8.
    expect([...prefixRangeEnd("aÿ")]).toEqual([0x61, 0xc3, 0xc0]);
  });

  it("means every key for an empty prefix", () => {
    expect([...prefixRangeStart("")]).toEqual([0]);
    expect([...prefixRangeEnd("")]).toEqual([0]);
  });

  it("starts strictly after a key", () => {
    const after = keyAfter("/k/a");
    expect(Buffer.compare(after, Buffer.from("/k/a"))).toBe(1);
    expect(Buffer.compare(after, Buffer.from("/k/a\0"))).toBe(0);
    expect(Buffer.compare(after, Buffer.from("/k/a0"))).toBe(-1);
  });
});
