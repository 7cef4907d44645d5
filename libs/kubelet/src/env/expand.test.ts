import { describe, expect, it } from "vitest";
import { expandVariables } from "./expand.js";

const vars: Record<string, string> = { A: "alpha", EMPTY: "" };
const expand = (input: string) => expandVariables(input, (name) => vars[name]);

describe("expandVariables (Kubernetes $(VAR) syntax)", () => {
  it.each([
    ["$(A)", "alpha"],
    ["x-$(A)-$(A)", "x-alpha-alpha"],
    ["$(EMPTY)|", "|"],
    ["$(MISSING)", "$(MISSING)"],
    ["$$(A)", "$(A)"],
    ["$$$(A)", "$alpha"],
    ["$A", "$A"],
    ["price: 5$", "price: 5$"],
    ["$(A", "$(A"],
    ["$()", "$()"],
    ["", ""],
  ])("%j → %j", (input, output) => {
    expect(expand(input)).toBe(output);
  });
});
