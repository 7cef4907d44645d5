import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["500ms", 500],
    ["10s", 10_000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1h30m15s", 5_415_000],
    ["1.5s", 1_500],
    [" 3s ", 3_000],
  ])("%j is %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "10", "s", "-1s", "1d", "1s 2s", "1.s", "1e3ms", "ms10"])("rejects %j", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it("formats durations it can read back", () => {
    for (const ms of [0, 1, 999, 1_000, 90_000, 5_415_000, 3_600_001]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(90_000)).toBe("1m30s");
  });
});
