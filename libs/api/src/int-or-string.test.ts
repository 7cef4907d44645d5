import { describe, expect, it } from "vitest";
import { DecodeError } from "./codec/codec-error.js";
import { intOrString, intOrStringValue } from "./int-or-string.js";

describe("intOrString", () => {
  it("holds a number as type 0 and a string as type 1", () => {
    expect(intOrString(8080)).toMatchObject({ type: 0, intVal: 8080, strVal: "" });
    expect(intOrString("25%")).toMatchObject({ type: 1, intVal: 0, strVal: "25%" });
    expect(intOrStringValue(intOrString(-3))).toBe(-3);
    expect(intOrStringValue(intOrString(""))).toBe("");
  });

  it("reads an empty IntOrString as the int 0, Go's zero value", () => {
    expect(intOrStringValue({ ...intOrString(0), intVal: 0 })).toBe(0);
  });

  it("refuses numbers that are not int32", () => {
    for (const bad of [1.5, 2 ** 31, Number.NaN]) expect(() => intOrString(bad)).toThrow(DecodeError);
    expect(() => intOrString(true as unknown as number)).toThrow(
      "expected int32 or string, got boolean true",
    );
  });
});
