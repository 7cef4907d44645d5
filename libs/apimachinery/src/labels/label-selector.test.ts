import { describe, expect, it } from "vitest";
import { catchApiError } from "../../test/catch-api-error.js";
import { ApiError } from "../api-error.js";
import { LabelSelector, labelSelectorFromSet, parseLabelSelector } from "./label-selector.js";

const web = { app: "web", tier: "frontend", replicas: "3" };

describe("parseLabelSelector", () => {
  it("matches equality and inequality", () => {
    expect(parseLabelSelector("app=web").matches(web)).toBe(true);
    expect(parseLabelSelector("app==web").matches(web)).toBe(true);
    expect(parseLabelSelector("app!=web").matches(web)).toBe(false);
    expect(parseLabelSelector("missing!=x").matches(web)).toBe(true);
    expect(parseLabelSelector("app=db").matches(web)).toBe(false);
  });

  it("matches set-based requirements", () => {
    expect(parseLabelSelector("tier in (frontend, backend)").matches(web)).toBe(true);
    expect(parseLabelSelector("tier notin (frontend)").matches(web)).toBe(false);
    expect(parseLabelSelector("missing notin (x)").matches(web)).toBe(true);
    expect(parseLabelSelector("missing in (x)").matches(web)).toBe(false);
    expect(parseLabelSelector("app").matches(web)).toBe(true);
    expect(parseLabelSelector("!app").matches(web)).toBe(false);
    expect(parseLabelSelector("!legacy").matches(web)).toBe(true);
  });

  it("compares integers with > and <", () => {
    expect(parseLabelSelector("replicas>2").matches(web)).toBe(true);
    expect(parseLabelSelector("replicas<3").matches(web)).toBe(false);
    expect(parseLabelSelector("app>1").matches(web)).toBe(false);
  });

  it("requires every requirement and ignores whitespace", () => {
    const selector = parseLabelSelector("  app = web ,tier in(frontend),  !legacy ");
    expect(selector.matches(web)).toBe(true);
    expect(selector.matches({ ...web, legacy: "" })).toBe(false);
    expect(selector.matches(undefined)).toBe(false);
  });

  it("treats omitted values as empty strings", () => {
    expect(parseLabelSelector("a=").matches({ a: "" })).toBe(true);
    expect(parseLabelSelector("a in (x,)").toString()).toBe("a in (,x)");
    expect(parseLabelSelector("a in ()").matches({ a: "" })).toBe(true);
  });

  it("prints a canonical form", () => {
    expect(parseLabelSelector("z==1,a in (y, x, y),!m,k,n!=2,g>5").toString()).toBe(
      "a in (x,y),g>5,k,!m,n!=2,z=1",
    );
    expect(parseLabelSelector("").toString()).toBe("");
  });

  it("treats the empty string as everything", () => {
    const selector = parseLabelSelector("");
    expect(selector.isEverything()).toBe(true);
    expect(selector.matches({})).toBe(true);
  });

  it("accepts keywords as keys and values", () => {
    expect(parseLabelSelector("in=notin").matches({ in: "notin" })).toBe(true);
  });

  it.each([
    ["app=web,", "found '', expected: identifier after ','"],
    ["=web", "found '=', expected: !, identifier, or 'end of string'"],
    ["app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ["app in web", "unable to parse requirement: found 'web' expected: '('"],
    ["app in (a b)", "unable to parse requirement: found 'b', expected: ',', ')' or identifier"],
    ["app in (a", "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ["app ~ web", "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt"],
    ["app=(", "unable to parse requirement: found '(', expected: identifier"],
    ["!=x", "found '!=', expected: !, identifier, or 'end of string'"],
    ["!(", "unable to parse requirement: found '(', expected: identifier"],
    ["!a=b", "found '=', expected: ',' or 'end of string'"],
    [
      "a>x",
      "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
  ])("rejects %j with a one-line message", (input, message) => {
    const error = catchApiError(() => parseLabelSelector(input));
    expect([error.httpCode, error.reason, error.message]).toEqual([400, "BadRequest", message]);
  });

  it("validates keys and values as Kubernetes does", () => {
    expect(catchApiError(() => parseLabelSelector("Bad Key=x")).message).toMatch(/found 'Key=x'|found 'Key'/);
    expect(catchApiError(() => parseLabelSelector("-bad=x")).message).toMatch(
      /^unable to parse requirement: key: Invalid value: "-bad": name part must consist/,
    );
    expect(catchApiError(() => parseLabelSelector(`a=${"v".repeat(64)}`)).message).toMatch(
      /values\[0\]: Invalid value: "v+": must be no more than 63 characters/,
    );
    expect(catchApiError(() => parseLabelSelector("a=b_")).message).toMatch(
      /a valid label must be an empty string/,
    );
  });

  it("refuses non-string input and non-object labels with typed errors", () => {
    expect(() => parseLabelSelector(5 as unknown as string)).toThrow(ApiError);
    expect(() => parseLabelSelector("a").matches("x" as unknown as Record<string, string>)).toThrow(ApiError);
  });
});

describe("special selectors", () => {
  it("nothing matches nothing, everything matches all", () => {
    expect(LabelSelector.nothing().matches({})).toBe(false);
    expect(LabelSelector.nothing().isNothing()).toBe(true);
    expect(LabelSelector.everything().matches(null)).toBe(true);
  });

  it("builds an equality selector from a label set", () => {
    const selector = labelSelectorFromSet({ b: "2", a: "1" });
    expect(selector.toString()).toBe("a=1,b=2");
    expect(selector.matches({ a: "1", b: "2", c: "3" })).toBe(true);
    expect(() => labelSelectorFromSet({ "a b": "1" })).toThrow(ApiError);
    expect(() => labelSelectorFromSet(null as unknown as Record<string, string>)).toThrow(ApiError);
  });
});
