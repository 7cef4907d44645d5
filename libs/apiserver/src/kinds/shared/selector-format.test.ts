import { describe, expect, it } from "vitest";
import { formatLabelSelector, formatLabels } from "./selector-format.js";

describe("formatLabelSelector", () => {
  it("prints matchLabels and expressions sorted by key", () => {
    expect(
      formatLabelSelector({
        matchLabels: { tier: "web", app: "shop" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "dev"] },
          { key: "canary", operator: "DoesNotExist", values: [] },
        ],
      }),
    ).toBe("app=shop,!canary,env in (dev,prod),tier=web");
  });

  it("prints an absent or empty selector as empty, a broken one as <invalid>", () => {
    expect(formatLabelSelector(undefined)).toBe("");
    expect(formatLabelSelector({ matchLabels: {}, matchExpressions: [] })).toBe("");
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Near", values: [] }] })).toBe(
      "<invalid>",
    );
  });
});

describe("formatLabels", () => {
  it("joins pairs in byte order, or says <none>", () => {
    expect(formatLabels({ b: "2", a: "1", B: "0" })).toBe("B=0,a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
  });
});
