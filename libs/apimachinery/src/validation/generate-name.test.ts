import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { generateName, generateNameSuffix } from "./generate-name.js";

describe("generateNameSuffix", () => {
  it("draws five characters from Kubernetes' alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const suffix = generateNameSuffix();
      expect(suffix).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      seen.add(suffix);
    }
    expect(seen.size).toBeGreaterThan(190);
  });
});

describe("generateName", () => {
  it("appends the suffix and keeps names within 63 characters", () => {
    expect(generateName("web-")).toMatch(/^web-[a-z0-9]{5}$/);
    expect(generateName("p".repeat(80))).toHaveLength(63);
  });

  it("refuses a non-string prefix with a typed error", () => {
    expect(() => generateName(3 as unknown as string)).toThrow(ApiError);
  });
});
