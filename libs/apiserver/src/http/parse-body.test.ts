import { create } from "@bufbuild/protobuf";
import { ConfigMapSchema, encodeKubernetesProtobuf } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { bodySyntax, parseBody } from "./parse-body.js";

describe("request bodies", () => {
  it("reads JSON when the Content-Type is missing (PUT .../scale from kubectl)", () => {
    expect(bodySyntax(undefined)).toBe("json");
    expect(bodySyntax("application/json; charset=utf-8")).toBe("json");
    expect(bodySyntax("application/apply-patch+yaml")).toBe("yaml");
    expect(bodySyntax("application/vnd.kubernetes.protobuf")).toBe("protobuf");
    expect(() => bodySyntax("application/cbor")).toThrow(expect.objectContaining({ httpCode: 415 }));
  });

  it("reads a Kubernetes protobuf body as the object's Kubernetes JSON (kubectl create's typed clients)", () => {
    const configMap = create(ConfigMapSchema, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings" },
      data: { mode: "fast" },
    });
    const body = Buffer.from(encodeKubernetesProtobuf(ConfigMapSchema, configMap));
    expect(parseBody(body, "protobuf")).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings" },
      data: { mode: "fast" },
    });
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
    ["protobuf", ""],
    ["protobuf", '{"kind":"ConfigMap"}'],
    ["protobuf", "k8s\u0000\n\u0005"],
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
