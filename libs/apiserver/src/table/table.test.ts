import { create } from "@bufbuild/protobuf";
import { ConfigMapSchema, encodeObject, resources } from "@capstan/api";
import { describe, expect, it } from "vitest";
import { defaultStrategy } from "../registry/default-strategy.js";
import type { ResourceStrategy } from "../registry/strategy.js";
import { buildTable, type TableOptions } from "./table.js";

const type = resources.find((resource) => resource.kind === "ConfigMap");
if (!type) throw new Error("no ConfigMap resource");
const strategy = defaultStrategy(type);
const object = create(ConfigMapSchema, {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cm", namespace: "ns", labels: { a: "b" }, creationTimestamp: { seconds: 100n } },
  data: { k: "v" },
});
const options: TableOptions = {
  includeObject: "Metadata",
  version: "v1",
  now: new Date(160_000),
  resourceVersion: "7",
  encode: (message) => encodeObject(ConfigMapSchema, message as typeof object),
};

describe("buildTable", () => {
  it("puts NAME first, then the strategy's columns, with PartialObjectMetadata rows", () => {
    expect(buildTable(strategy, [object], options)).toEqual({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion: "7" },
      columnDefinitions: [
        expect.objectContaining({ name: "Name", type: "string", format: "name", priority: 0 }),
        expect.objectContaining({ name: "Age", type: "string", priority: 0 }),
      ],
      rows: [
        {
          cells: ["cm", "60s"],
          object: {
            kind: "PartialObjectMetadata",
            apiVersion: "meta.k8s.io/v1",
            metadata: {
              name: "cm",
              namespace: "ns",
              labels: { a: "b" },
              creationTimestamp: "1970-01-01T00:01:40Z",
            },
          },
        },
      ],
    });
  });

  it("embeds the full object, or nothing, and can leave out headers and NAME", () => {
    const full = buildTable(strategy, [object], {
      ...options,
      includeObject: "Object",
      noHeaders: true,
      continue: "t",
    });
    expect(full).toMatchObject({
      metadata: { continue: "t" },
      columnDefinitions: [],
      rows: [{ object: { kind: "ConfigMap", data: { k: "v" } } }],
    });
    const bare = buildTable(strategy, [object], { ...options, includeObject: "None" });
    expect(bare.rows).toEqual([{ cells: ["cm", "60s"] }]);
    const nameless: ResourceStrategy = { ...strategy, nameColumn: false };
    const table = buildTable(nameless, [object], { ...options, version: "v1beta1" });
    expect(table).toMatchObject({
      apiVersion: "meta.k8s.io/v1beta1",
      columnDefinitions: [{ name: "Age" }],
      rows: [{ cells: ["60s"] }],
    });
  });
});
