import { describe, expect, it } from "vitest";
import { decodeContinue, encodeContinue } from "./continue-token.js";

describe("continue tokens", () => {
  const root = "/registry/pods/";

  it("round-trip a position relative to the resource's root", () => {
    const token = encodeContinue({ revision: 42, lastKey: "/registry/pods/default/web" }, root);
    expect(Buffer.from(token, "base64url").toString()).not.toContain("/registry/");
    expect(decodeContinue(token, root)).toEqual({ revision: 42, lastKey: "/registry/pods/default/web" });
  });

  it.each([
    ["not base64 json", "%%%"],
    ["another version", Buffer.from(JSON.stringify({ v: "x", rv: 1, start: "a" })).toString("base64url")],
    [
      "a bad revision",
      Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: -1, start: "a" })).toString("base64url"),
    ],
    [
      "a path escape",
      Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: 3, start: "../x" })).toString("base64url"),
    ],
  ])("refuse %s with 400", (_, token) => {
    expect(() => decodeContinue(token, root)).toThrow(expect.objectContaining({ httpCode: 400 }));
  });
});
