import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { escapeFieldValue, parseFieldSelector, requireFields } from "./field-selector.js";

const pod: Record<string, string> = {
  "metadata.name": "web-1",
  "metadata.namespace": "default",
  "spec.nodeName": "node-a",
  "status.phase": "Running",
};

describe("parseFieldSelector", () => {
  it("matches =, == and !=", () => {
    expect(parseFieldSelector("metadata.name=web-1").matches(pod)).toBe(true);
    expect(parseFieldSelector("metadata.name==web-1").matches(pod)).toBe(true);
    expect(parseFieldSelector("status.phase!=Running").matches(pod)).toBe(false);
    expect(parseFieldSelector("status.phase!=Pending,spec.nodeName=node-a").matches(pod)).toBe(true);
    expect(parseFieldSelector("status.phase!=Pending,spec.nodeName=node-b").matches(pod)).toBe(false);
  });

  it("reads missing fields as empty, so `field=` matches them", () => {
    const selector = parseFieldSelector("involvedObject.namespace=");
    expect(selector.matches({})).toBe(true);
    expect(selector.matches({ "involvedObject.namespace": "x" })).toBe(false);
    expect(parseFieldSelector("spec.nodeName!=").matches(() => undefined)).toBe(false);
  });

  it("reads fields through a function", () => {
    const seen: string[] = [];
    const selector = parseFieldSelector("a=1,b=2");
    expect(
      selector.matches((field) => {
        seen.push(field);
        return field === "a" ? "1" : "2";
      }),
    ).toBe(true);
    expect(seen).toEqual(["a", "b"]);
  });

  it("handles escapes in values", () => {
    const selector = parseFieldSelector("metadata.name=a\\,b\\=c\\\\d,x=y");
    expect(selector.requirements).toEqual([
      { field: "metadata.name", operator: "=", value: "a,b=c\\d" },
      { field: "x", operator: "=", value: "y" },
    ]);
    expect(selector.toString()).toBe("metadata.name=a\\,b\\=c\\\\d,x=y");
    expect(escapeFieldValue("a,b")).toBe("a\\,b");
  });

  it("prints sorted terms and treats empty input as everything", () => {
    expect(parseFieldSelector("z=1,,a!=2,m==3").toString()).toBe("a!=2,m=3,z=1");
    expect(parseFieldSelector("").isEverything()).toBe(true);
    expect(parseFieldSelector("").matches({})).toBe(true);
  });

  it("extracts an exact match to narrow reads", () => {
    const selector = parseFieldSelector("spec.nodeName=node-a,metadata.name!=x");
    expect(selector.exactMatch("spec.nodeName")).toBe("node-a");
    expect(selector.exactMatch("metadata.name")).toBeUndefined();
    expect(parseFieldSelector("metadata.name=").exactMatch("metadata.name")).toBe("");
  });

  it.each([
    ["nonsense", "invalid selector: 'nonsense'; can't understand 'nonsense'"],
    ["a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"],
    ["a=b=c", "invalid field selector: unescaped character in value: '='"],
    ["a=b\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["a=b\\", "invalid field selector: invalid escape sequence: \\"],
  ])("rejects %j", (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(message);
    expect(() => parseFieldSelector(input)).toThrow(ApiError);
  });

  it("rejects non-string input with a typed error", () => {
    expect(() => parseFieldSelector(null as unknown as string)).toThrow(ApiError);
    expect(() => parseFieldSelector("a=b").matches(null as unknown as Record<string, string>)).toThrow(
      ApiError,
    );
  });
});

describe("requireFields", () => {
  it("accepts allowed fields and names the first unsupported one", () => {
    const allowed = ["metadata.name", "spec.nodeName"];
    expect(() => requireFields(parseFieldSelector("spec.nodeName=a"), allowed)).not.toThrow();
    const error = (() => {
      try {
        requireFields(parseFieldSelector("spec.nodeName=a,spec.foo=b"), allowed);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("field label not supported: spec.foo");
    expect((error as ApiError).httpCode).toBe(400);
  });
});
