import { describe, expect, it } from "vitest";
import { bodySyntax, parseBody } from "./parse-body.js";

describe("request bodies", () => {
  it("reads JSON when the Content-Type is missing (PUT .../scale from kubectl)", () => {
    expect(bodySyntax(undefined)).toBe("json");
    expect(bodySyntax("application/json; charset=utf-8")).toBe("json");
    expect(bodySyntax("application/apply-patch+yaml")).toBe("yaml");
    expect(() => bodySyntax("application/vnd.kubernetes.protobuf")).toThrow(
      expect.objectContaining({ httpCode: 415 }),
    );
  });

  it("parses JSON and YAML", () => {
    expect(parseBody(Buffer.from('{"a":1}'), "json")).toEqual({ a: 1 });
    expect(parseBody(Buffer.from("a: 1\nb: [x]\n"), "yaml")).toEqual({ a: 1, b: ["x"] });
  });

  it.each([
    ["json", "{"],
    ["json", "   "],
    ["yaml", "a: [1\n"],
    ["yaml", "a: 1\n---\nb: 2\n"],
    ["yaml", "a: 1\na: 2\n"],
  ] as const)("refuses malformed %s %j with a one-line 400", (syntax, text) => {
    let error: unknown;
    try {
      parseBody(Buffer.from(text), syntax);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ httpCode: 400 });
    expect((error as Error).message).not.toContain("\n");
  });
});
