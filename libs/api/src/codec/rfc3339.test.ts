import { describe, expect, it } from "vitest";
import { formatRfc3339, parseRfc3339 } from "./rfc3339.js";

describe("parseRfc3339", () => {
  it("reads UTC, offsets and fractions", () => {
    expect(parseRfc3339("2025-01-01T00:00:00Z")).toMatchObject({ seconds: 1_735_689_600n, nanos: 0 });
    expect(parseRfc3339("2025-01-01T02:00:00+02:00")).toMatchObject({ seconds: 1_735_689_600n });
    expect(parseRfc3339("2024-12-31T19:30:00-04:30")).toMatchObject({ seconds: 1_735_689_600n });
    expect(parseRfc3339("2025-01-01T00:00:00.123456Z")).toMatchObject({ nanos: 123_456_000 });
    expect(parseRfc3339("1969-12-31T23:59:59.5Z")).toMatchObject({ seconds: -1n, nanos: 500_000_000 });
    expect(parseRfc3339("0001-01-01T00:00:00Z")).toMatchObject({ seconds: -62_135_596_800n });
    expect(parseRfc3339("2024-02-29T00:00:00Z")).toBeDefined();
  });

  it("refuses times without a zone and impossible dates", () => {
    for (const bad of [
      "2025-01-01T00:00:00",
      "2025-01-01",
      "2025-13-01T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "x",
    ]) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});

describe("formatRfc3339", () => {
  const ts = parseRfc3339("2025-06-01T12:34:56.789123456Z");

  it("writes Time as whole seconds and MicroTime with six digits, in UTC", () => {
    if (ts === undefined) throw new Error("parse failed");
    expect(formatRfc3339(ts, false)).toBe("2025-06-01T12:34:56Z");
    expect(formatRfc3339(ts, true)).toBe("2025-06-01T12:34:56.789123Z");
  });

  it("refuses years RFC 3339 cannot write", () => {
    expect(
      formatRfc3339({ $typeName: "google.protobuf.Timestamp", seconds: 1n << 40n, nanos: 0 }, false),
    ).toBe(undefined);
  });
});
