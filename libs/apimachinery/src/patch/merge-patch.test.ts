import { describe, expect, it } from "vitest";
import { ApiError } from "../api-error.js";
import { applyMergePatch } from "./merge-patch.js";

describe("applyMergePatch", () => {
  it("follows the RFC 7386 examples", () => {
    const original = {
      title: "Goodbye!",
      author: { givenName: "John", familyName: "Doe" },
      tags: ["example", "sample"],
      content: "This will be unchanged",
    };
    const patch = {
      title: "Hello!",
      phoneNumber: "+01-123-456-7890",
      author: { familyName: null },
      tags: ["example"],
    };
    expect(applyMergePatch(original, patch)).toEqual({
      title: "Hello!",
      author: { givenName: "John" },
      tags: ["example"],
      content: "This will be unchanged",
      phoneNumber: "+01-123-456-7890",
    });
  });

  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("merges %j with %j into %j", (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it("does what kubectl scale and label send", () => {
    const object = { metadata: { labels: { app: "web", tier: "x" } }, spec: { replicas: 1 } };
    expect(applyMergePatch(object, { spec: { replicas: 3 } })).toEqual({
      metadata: { labels: { app: "web", tier: "x" } },
      spec: { replicas: 3 },
    });
    expect(applyMergePatch(object, { metadata: { labels: { tier: null } } })).toEqual({
      metadata: { labels: { app: "web" } },
      spec: { replicas: 1 },
    });
    expect(object.metadata.labels.tier).toBe("x");
  });

  it("rejects values that are not JSON", () => {
    expect(() => applyMergePatch({}, { a: Number.NaN })).toThrow(ApiError);
    expect(() => applyMergePatch({ a: Symbol("x") }, {})).toThrow(ApiError);
    expect(() => applyMergePatch({}, undefined)).toThrow(ApiError);
  });

  it("refuses absurdly deep documents with a typed error", () => {
    let deep: unknown = {};
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => applyMergePatch({}, deep)).toThrow(ApiError);
  });
});
