import { encodeObject, type Secret, SecretSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, defaulted } = kindFixture("v1", "Secret", SecretSchema);

function secret(body: Record<string, unknown>): Secret {
  return defaulted({ metadata: { name: "creds", namespace: "default" }, ...body });
}

describe("secrets", () => {
  it("default to Opaque and move stringData into data", () => {
    const json = encodeObject(SecretSchema, secret({ data: { a: "YQ==" }, stringData: { b: "bee" } }));
    expect(json.type).toBe("Opaque");
    expect(json.data).toEqual({ a: "YQ==", b: Buffer.from("bee").toString("base64") });
    expect(json).not.toHaveProperty("stringData");
  });

  it("check the keys each type needs", () => {
    expect(
      strategy
        .validate(secret({ type: "kubernetes.io/tls", data: { "tls.crt": "YQ==" } }))
        .map(formatFieldError),
    ).toEqual(["data[tls.key]: Required value"]);
    const badJson = secret({
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": Buffer.from("{nope").toString("base64") },
    });
    expect(strategy.validate(badJson).map(formatFieldError)).toEqual([
      expect.stringMatching(/^data\[\.dockerconfigjson\]: Invalid value: "<secret contents redacted>": /),
    ]);
    expect(
      strategy.validate(secret({ type: "kubernetes.io/basic-auth", stringData: { password: "p" } })),
    ).toEqual([]);
  });

  it("keep their type", () => {
    expect(
      strategy.validateUpdate(secret({ type: "example.com/x" }), secret({})).map(formatFieldError),
    ).toEqual(['type: Invalid value: "example.com/x": field is immutable']);
  });

  it("print TYPE DATA AGE and select on type", () => {
    const object = secret({ stringData: { a: "1", b: "2" } });
    expect(strategy.columns.map((column) => column.cell(object, new Date()))).toEqual([
      "Opaque",
      "2",
      "<unknown>",
    ]);
    expect(strategy.selectableFields(object)).toEqual({ type: "Opaque" });
  });
});
