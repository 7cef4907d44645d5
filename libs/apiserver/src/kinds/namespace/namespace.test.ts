import { encodeObject, type Namespace, NamespaceSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Namespace", NamespaceSchema);

function namespace(name: string, body: Record<string, unknown> = {}): Namespace {
  return defaulted({ metadata: { name }, ...body });
}

describe("namespaces", () => {
  it("default to Active with the kubernetes finalizer and the name label", () => {
    const json = encodeObject(NamespaceSchema, namespace("team-a"));
    expect(json).toMatchObject({
      metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
    expect(encodeObject(NamespaceSchema, namespace("team-a", json)).spec).toEqual({
      finalizers: ["kubernetes"],
    });
  });

  it("want DNS-label names and no namespace of their own", () => {
    expect(strategy.validate(namespace("team.a")).map(formatFieldError)).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    const nested = namespace("a", { metadata: { name: "a", namespace: "b" } });
    expect(strategy.validate(nested).map(formatFieldError)).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
    ]);
  });

  it("print STATUS AGE and select on status.phase", () => {
    const object = namespace("default");
    expect(strategy.columns.map((column) => column.cell(object, new Date()))).toEqual([
      "Active",
      "<unknown>",
    ]);
    expect(strategy.selectableFields(object)).toEqual({ "status.phase": "Active" });
  });
});
