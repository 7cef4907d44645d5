import { describe, expect, it } from "vitest";
import * as api from "./index.js";

/**
 * Every public function, static method and instance method, called with garbage: each must return or
 * throw an ApiError, never a TypeError or another crash.
 */

const garbage: unknown[][] = [
  [],
  [undefined],
  [null],
  [0],
  [-1.5],
  [Number.NaN],
  [""],
  ["x=y,("],
  [{}],
  [[]],
  [{ a: 1 }],
  [[1, "a", null]],
  [() => 1],
  [null, null, null],
  ["a", {}, 5],
  [{}, {}, {}],
  [[], [], []],
  [{ fields: null }, [null], "x"],
  [10n],
  [{ toString: 5 }],
];

type Callable = (...args: unknown[]) => unknown;

function callables(): [string, Callable][] {
  const found: [string, Callable][] = [];
  const instances: Record<string, object> = {
    LabelSelector: api.parseLabelSelector("a=b"),
    FieldSelector: api.parseFieldSelector("a=b"),
    Quantity: api.parseQuantity("1"),
    ApiError: api.ApiError.badRequest("x"),
  };
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== "function") continue;
    const isClass = /^class\s/.test(Function.prototype.toString.call(value));
    if (!isClass) {
      found.push([name, value as Callable]);
      continue;
    }
    for (const member of Object.getOwnPropertyNames(value)) {
      const method = (value as unknown as Record<string, unknown>)[member];
      if (typeof method === "function") found.push([`${name}.${member}`, method.bind(value) as Callable]);
    }
    const instance = instances[name];
    if (instance)
      for (const member of Object.getOwnPropertyNames(Object.getPrototypeOf(instance))) {
        const method = (instance as Record<string, unknown>)[member];
        if (member !== "constructor" && typeof method === "function")
          found.push([`${name}#${member}`, method.bind(instance) as Callable]);
      }
  }
  return found;
}

describe("the public API under bad input", () => {
  const all = callables();

  it("covers the whole surface", () => {
    expect(all.length).toBeGreaterThan(60);
  });

  it.each(all)("%s answers garbage with a result or an ApiError", (_name, fn) => {
    for (const args of garbage) {
      try {
        fn(...args);
      } catch (error) {
        if (!(error instanceof api.ApiError))
          throw new Error(
            `threw ${(error as Error)?.name} for ${String(args.map((arg) => typeof arg))}: ${String(error)}`,
          );
      }
    }
  });

  it("constructs field selectors only from valid requirements", () => {
    for (const requirements of [
      undefined,
      null,
      "a=b",
      [null],
      [{ field: "a", operator: "~", value: "b" }],
      [{ field: 1 }],
    ])
      expect(() => new api.FieldSelector(requirements as api.FieldRequirement[])).toThrow(api.ApiError);
    expect(new api.FieldSelector([{ field: "a", operator: "!=", value: "b" }]).toString()).toBe("a!=b");
  });

  it("takes symbols, bigints and cycles where it accepts unknown values", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const odd: unknown[] = [Symbol("s"), 5n, cycle, new Map(), Object.create(null)];
    for (const value of odd) {
      expect(api.ApiError.from(value)).toBeInstanceOf(api.ApiError);
      expect(api.ApiError.fromStatus(value, 404).httpCode).toBe(404);
      expect(api.tryParseQuantity(value)).toBeUndefined();
      for (const patch of [api.applyMergePatch, api.applyJsonPatch])
        try {
          patch(value, value);
        } catch (error) {
          expect(error).toBeInstanceOf(api.ApiError);
        }
    }
    expect(api.formatFieldError(api.fieldError.invalid("spec.replicas", -1n, "must be positive"))).toBe(
      "spec.replicas: Invalid value: -1: must be positive",
    );
  });
});
