import { describe, expect, it } from "vitest";
import { prefixEnd } from "./key-range.js";

describe("prefixEnd", () => {
  it("increments the last code point", () => {
    expect(prefixEnd("/registry/pods/")).toBe("/registry/pods0");
    expect(prefixEnd("a")).toBe("b");
    expect(prefixEnd("日")).toBe("旦");
  });

  it("skips the surrogate range and carries past the last code point", () => {
    expect(prefixEnd("\uD7FF")).toBe("\uE000");
    expect(prefixEnd("a\u{10FFFF}")).toBe("b");
    expect(prefixEnd("\u{10FFFF}")).toBeUndefined();
    expect(prefixEnd("")).toBeUndefined();
  });

  it("bounds exactly the strings with the prefix, in UTF-8 byte order", () => {
    const prefix = "/k/é";
    const end = prefixEnd(prefix) ?? "";
    const utf8 = (text: string) => Buffer.from(text);
    for (const name of ["/k/é", "/k/éa", "/k/é\u{10FFFF}", "/k/é🙂"]) {
      expect(Buffer.compare(utf8(name), utf8(end))).toBe(-1);
    }
    for (const name of ["/k/ê", "/k/êa", "/l"]) {
      expect(Buffer.compare(utf8(name), utf8(end))).toBeGreaterThanOrEqual(0);
    }
    for (const name of ["/k/f", "/k/e", "/k/"]) expect(Buffer.compare(utf8(name), utf8(prefix))).toBe(-1);
  });
});
