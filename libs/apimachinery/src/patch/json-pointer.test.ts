import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { arrayIndex, formatJsonPointer, parseJsonPointer } from "./json-pointer.js";

describe("JSON pointers", () => {
  it("parses and unescapes tokens", () => {
    expect(parseJsonPointer("")).toEqual([]);
    expect(parseJsonPointer("/")).toEqual([""]);
    expect(parseJsonPointer("/metadata/labels/app.kubernetes.io~1name")).toEqual([
      "metadata",
      "labels",
      "app.kubernetes.io/name",
    ]);
    expect(parseJsonPointer("/a~0b/~01")).toEqual(["a~b", "~1"]);
  });

  it("formats tokens back", () => {
    expect(formatJsonPointer(["a/b", "c~d", "0"])).toBe("/a~1b/c~0d/0");
  });

  it("rejects malformed pointers with typed errors", () => {
    for (const bad of ["a/b", "/a~2", "/a~", 7])
      expect(() => parseJsonPointer(bad as string)).toThrow(ApiError);
  });

  it("reads array indexes", () => {
    expect(arrayIndex("0", 2, false)).toBe(0);
    expect(arrayIndex("2", 2, true)).toBe(2);
    expect(arrayIndex("2", 2, false)).toBeUndefined();
    expect(arrayIndex("-", 2, true)).toBe(2);
    expect(arrayIndex("-", 2, false)).toBeUndefined();
    expect(arrayIndex("01", 5, false)).toBeUndefined();
    expect(arrayIndex("x", 5, false)).toBeUndefined();
  });
});
