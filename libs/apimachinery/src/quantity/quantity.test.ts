import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { parseQuantity, Quantity, tryParseQuantity } from "./quantity.js";

const canonical = (text: string) => parseQuantity(text).toString();

describe("parseQuantity", () => {
  it.each([
    ["100m", "100m"],
    ["0.1", "100m"],
    ["1500m", "1500m"],
    ["1.5", "1500m"],
    ["1", "1"],
    ["1000", "1k"],
    ["1G", "1G"],
    ["1000M", "1G"],
    ["128Mi", "128Mi"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["0.5Gi", "512Mi"],
    ["1Ki", "1Ki"],
    ["1.5Ki", "1536"],
    ["512Ki", "512Ki"],
    ["1.1Ki", "1126400m"],
    ["0.5Ki", "512"],
    ["1e3", "1e3"],
    ["1.5e3", "1500"],
    ["12e6", "12e6"],
    ["1E3", "1e3"],
    ["1e-3", "1e-3"],
    ["1e+3", "1e3"],
    ["-2k", "-2k"],
    ["+5", "5"],
    [".5", "500m"],
    ["5.", "5"],
    ["0", "0"],
    ["-0", "0"],
    ["00012", "12"],
    ["1n", "1n"],
    ["1u", "1u"],
    ["0.0000000001", "1n"],
    ["-0.0000000001", "-1n"],
    ["1P", "1P"],
    ["2E", "2E"],
    ["1000E", "1000E"],
    ["8Ei", "9223372036854775807"],
  ])("reads %j and prints %j", (input, output) => {
    expect(canonical(input)).toBe(output);
  });

  it("keeps values exact", () => {
    expect(parseQuantity("1.5Gi").nanos).toBe(1_610_612_736n * 1_000_000_000n);
    expect(parseQuantity("123456789.123456789").nanos).toBe(123_456_789_123_456_789n);
  });

  it("accepts JSON numbers", () => {
    expect(parseQuantity(2).toString()).toBe("2");
    expect(parseQuantity(0.25).toString()).toBe("250m");
    expect(parseQuantity(1e21).toString()).toBe("1e21");
  });

  it.each([
    ["", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ["abc", "quantities must match the regular expression"],
    ["1 Gi", "quantities must match the regular expression"],
    ["-", "quantities must match the regular expression"],
    [".", "quantities must match the regular expression"],
    ["1.2.3", "quantities must match the regular expression"],
    ["1K", "unable to parse quantity's suffix"],
    ["1Gb", "quantities must match the regular expression"],
    ["1e", "unable to parse quantity's suffix"],
    ["1mm", "unable to parse quantity's suffix"],
    ["1e99999", "unable to parse numeric value"],
  ])("rejects %j", (input, message) => {
    expect(() => parseQuantity(input)).toThrow(message);
    expect(() => parseQuantity(input)).toThrow(ApiError);
  });

  it("rejects non-strings and non-finite numbers with typed errors", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, null, {}, true])
      expect(() => parseQuantity(bad as unknown as string)).toThrow(ApiError);
  });
});

describe("tryParseQuantity", () => {
  it("returns undefined instead of throwing", () => {
    expect(tryParseQuantity("1x")).toBeUndefined();
    expect(tryParseQuantity(undefined)).toBeUndefined();
    expect(tryParseQuantity({})).toBeUndefined();
    expect(tryParseQuantity("250m")?.milliValue()).toBe(250);
  });
});

describe("Quantity arithmetic", () => {
  it("adds and subtracts exactly", () => {
    const sum = parseQuantity("100m").add(parseQuantity("1.4"));
    expect(sum.toString()).toBe("1500m");
    expect(parseQuantity("1Gi").sub(parseQuantity("512Mi")).toString()).toBe("512Mi");
    expect(parseQuantity("0.1").add(parseQuantity("0.2")).equals(parseQuantity("300m"))).toBe(true);
  });

  it("takes the other format when adding to zero", () => {
    expect(Quantity.zero().add(parseQuantity("1Gi")).toString()).toBe("1Gi");
    expect(parseQuantity("1G").add(parseQuantity("1Gi")).format).toBe("DecimalSI");
  });

  it("multiplies by whole numbers", () => {
    expect(parseQuantity("250m").mul(4).toString()).toBe("1");
    expect(parseQuantity("64Mi").mul(3n).toString()).toBe("192Mi");
    expect(() => parseQuantity("1").mul(1.5)).toThrow(ApiError);
  });

  it("compares", () => {
    expect(parseQuantity("1").cmp(parseQuantity("999m"))).toBe(1);
    expect(parseQuantity("1k").cmp(parseQuantity("1000"))).toBe(0);
    expect(parseQuantity("1Ki").cmp(parseQuantity("1k"))).toBe(1);
    expect(parseQuantity("-1").cmp(parseQuantity("0"))).toBe(-1);
    expect(parseQuantity("0").isZero()).toBe(true);
  });

  it("rounds value() and milliValue() away from zero", () => {
    expect(parseQuantity("1500m").value()).toBe(2);
    expect(parseQuantity("-1500m").value()).toBe(-2);
    expect(parseQuantity("128Mi").value()).toBe(134_217_728);
    expect(parseQuantity("1.5").milliValue()).toBe(1500);
    expect(parseQuantity("1n").milliValue()).toBe(1);
    expect(parseQuantity("2k").neg().value()).toBe(-2000);
  });

  it("builds quantities from whole units and millis", () => {
    expect(Quantity.fromValue(2048, "BinarySI").toString()).toBe("2Ki");
    expect(Quantity.fromMilli(1500).toString()).toBe("1500m");
    expect(Quantity.fromNanos(5n).toString()).toBe("5n");
    expect(JSON.stringify({ cpu: Quantity.fromMilli(100) })).toBe('{"cpu":"100m"}');
  });

  it("refuses bad operands with typed errors", () => {
    expect(() => Quantity.fromValue(0.5)).toThrow(ApiError);
    expect(() => Quantity.fromMilli(Number.NaN)).toThrow(ApiError);
    expect(() => Quantity.fromNanos(1 as unknown as bigint)).toThrow(ApiError);
    expect(() => parseQuantity("1").add("1" as unknown as Quantity)).toThrow(ApiError);
    expect(() => parseQuantity("1").cmp(undefined as unknown as Quantity)).toThrow(ApiError);
  });
});
