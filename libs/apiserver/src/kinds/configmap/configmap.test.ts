import { type ConfigMap, ConfigMapSchema } from "@capstan/api";
import { formatFieldError } from "@capstan/apimachinery";
import { describe, expect, it } from "vitest";
import { kindFixture } from "../../../test/kind-fixture.js";

const { strategy, decode } = kindFixture("v1", "ConfigMap", ConfigMapSchema);

function configMap(body: Record<string, unknown>): ConfigMap {
  return decode({ metadata: { name: "app", namespace: "default" }, ...body });
}

describe("config maps", () => {
  it("want valid keys, each in one map only", () => {
    const object = configMap({
      data: { "a.conf": "x", "bad key": "y", "..hidden": "z", shared: "1" },
      binaryData: { shared: "AQ==" },
    });
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      expect.stringMatching(
        /^data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/,
      ),
      "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
      'binaryData[shared]: Invalid value: "shared": duplicate of key present in data',
    ]);
  });

  it("refuse more than 1 MiB", () => {
    const object = configMap({ data: { big: "x".repeat(1024 * 1024 + 1) } });
    expect(strategy.validate(object).map(formatFieldError)).toEqual([
      "data: Too long: may not be more than 1048576 bytes",
    ]);
  });

  it("freeze their data once immutable", () => {
    const old = configMap({ immutable: true, data: { a: "1" } });
    expect(strategy.validateUpdate(configMap({ immutable: true, data: { a: "1" } }), old)).toEqual([]);
    expect(strategy.validateUpdate(configMap({ data: { a: "2" } }), old).map(formatFieldError)).toEqual([
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
    expect(strategy.validateUpdate(configMap({ data: { a: "2" } }), configMap({ data: { a: "1" } }))).toEqual(
      [],
    );
  });

  it("print DATA AGE", () => {
    const object = configMap({ data: { a: "1", b: "2" }, binaryData: { c: "AQ==" } });
    expect(strategy.columns.map((column) => [column.name, column.cell(object, new Date())])).toEqual([
      ["Data", 3],
      ["Age", "<unknown>"],
    ]);
  });
});
