import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { formatFieldError } from "../field-error.js";
import {
  type LabelSelectorObject,
  labelSelectorFromObject,
  validateLabelSelectorObject,
} from "./label-selector-object.js";

describe("labelSelectorFromObject", () => {
  it("combines matchLabels and matchExpressions", () => {
    const selector = labelSelectorFromObject({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["frontend", "cache"] },
        { key: "legacy", operator: "DoesNotExist" },
        { key: "env", operator: "NotIn", values: ["dev"] },
        { key: "team", operator: "Exists", values: [] },
      ],
    });
    expect(selector.toString()).toBe("app=web,env notin (dev),!legacy,team,tier in (cache,frontend)");
    expect(selector.matches({ app: "web", tier: "cache", team: "a" })).toBe(true);
    expect(selector.matches({ app: "web", tier: "cache", team: "a", env: "dev" })).toBe(false);
  });

  it("reads an absent selector as nothing and an empty one as everything", () => {
    expect(labelSelectorFromObject(undefined).matches({ a: "b" })).toBe(false);
    expect(labelSelectorFromObject(null).isNothing()).toBe(true);
    expect(labelSelectorFromObject({}).isEverything()).toBe(true);
  });

  it("throws typed errors for bad selectors", () => {
    const bad: unknown[] = [
      { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] },
      { matchExpressions: [{ key: "a", operator: "In" }] },
      { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] },
      { matchExpressions: [{ key: "a", operator: "In", values: "x" }] },
      { matchExpressions: ["nope"] },
      { matchExpressions: "nope" },
      { matchLabels: { "bad key": "x" } },
      { matchLabels: "x" },
      "selector",
    ];
    for (const selector of bad)
      expect(() => labelSelectorFromObject(selector as LabelSelectorObject)).toThrow(ApiError);
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: "a", operator: "Gt" }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });
});

describe("validateLabelSelectorObject", () => {
  it("reports each problem with its field path", () => {
    const errors = validateLabelSelectorObject(
      {
        matchLabels: { app: "bad value" },
        matchExpressions: [
          { key: "a", operator: "In" },
          { key: "b", operator: "Exists", values: ["x"] },
          { key: "-c", operator: "Near" },
        ],
      },
      "spec.selector",
    ).map(formatFieldError);
    expect(errors).toEqual([
      expect.stringMatching(/^spec.selector.matchLabels: Invalid value: "bad value"/),
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
      expect.stringMatching(/^spec.selector.matchExpressions\[2\].key: Invalid value: "-c": name part/),
    ]);
    expect(validateLabelSelectorObject({ matchLabels: { app: "web" } }, "spec.selector")).toEqual([]);
    expect(validateLabelSelectorObject(undefined, "spec.selector")).toEqual([]);
    expect(validateLabelSelectorObject("x" as LabelSelectorObject, "spec.selector")).toHaveLength(1);
  });
});
