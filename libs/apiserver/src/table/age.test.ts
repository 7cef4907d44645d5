import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { formatAge, formatDuration } from "./age.js";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [-1, "0s"],
    [-5, "<invalid>"],
    [45, "45s"],
    [119, "119s"],
    [120, "2m"],
    [303, "5m3s"],
    [61 * 60, "61m"],
    [3 * 3600 + 25 * 60, "3h25m"],
    [20 * 3600, "20h"],
    [3 * 86400 + 4 * 3600, "3d4h"],
    [10 * 86400, "10d"],
    [3 * 365 * 86400 + 10 * 86400, "3y10d"],
    [9 * 365 * 86400, "9y"],
  ])("%i seconds is %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("says <unknown> for an object without a creation time", () => {
    expect(formatAge(undefined, new Date())).toBe("<unknown>");
    expect(formatAge(timestampFromMs(0), new Date(90_000))).toBe("90s");
  });
});
