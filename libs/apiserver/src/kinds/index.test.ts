import { resources } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { strategies } from "./index.js";

describe("strategies", () => {
  it("cover every resource of the table, in its order, with more than NAME AGE", () => {
    expect(strategies.map((strategy) => strategy.type)).toEqual(resources);
    for (const strategy of strategies) expect(strategy.columns.length, strategy.type.kind).toBeGreaterThan(1);
  });
});
