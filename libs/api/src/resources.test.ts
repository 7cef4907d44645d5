import { readdirSync, readFileSync } from "node:fs";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { decodeObject } from "./codec/decode.js";
import { encodeObject } from "./codec/encode.js";
import { apiVersionOf } from "./resource-type.js";
import { findKind, findResource, resources } from "./resources.js";

describe("resources", () => {
  it("has unique resources and kinds, each findable", () => {
    for (const r of resources) {
      expect(findResource(r.group, r.version, r.resource)).toBe(r);
      expect(findKind(apiVersionOf(r), r.kind)).toBe(r);
    }
    expect(new Set(resources.map((r) => r.resource)).size).toBe(resources.length);
    expect(findResource("apps", "v1", "deployments")?.kind).toBe("Deployment");
    expect(findKind("coordination.k8s.io/v1", "Lease")?.resource).toBe("leases");
    expect(findResource("", "v1", "deployments")).toBeUndefined();
    expect(findKind("apps/v1", "Pod")).toBeUndefined();
  });

  it("knows kubectl's short names and the 'all' category", () => {
    const short = Object.fromEntries(resources.flatMap((r) => r.shortNames.map((s) => [s, r.resource])));
    expect(short).toEqual({
      po: "pods",
      svc: "services",
      no: "nodes",
      ns: "namespaces",
      ep: "endpoints",
      ev: "events",
      cm: "configmaps",
      deploy: "deployments",
      rs: "replicasets",
      ds: "daemonsets",
    });
    const all = resources.filter((r) => r.categories.includes("all")).map((r) => r.resource);
    expect(all.sort()).toEqual(["daemonsets", "deployments", "jobs", "pods", "replicasets", "services"]);
  });

  it.each(resources.map((r) => [r.kind, r] as const))(
    "%s: object and list carry apiVersion, kind, metadata",
    (_, r) => {
      const names = (fields: { jsonName: string }[]) => fields.map((f) => f.jsonName);
      expect(names(r.schema.fields).slice(0, 3)).toEqual(["apiVersion", "kind", "metadata"]);
      expect(names(r.listSchema.fields)).toEqual(["apiVersion", "kind", "metadata", "items"]);
      expect(r.listSchema.field.items?.message).toBe(r.schema);
      expect(r.listSchema.typeName).toBe(`${r.schema.typeName}List`);
    },
  );

  it.each(resources.map((r) => [r.kind, r] as const))(
    "%s: the codec handles every field of the schema",
    (_, r) => {
      const obj = { apiVersion: apiVersionOf(r), kind: r.kind, metadata: { name: "x", generation: 2 } };
      const { message } = decodeObject(r.schema, obj, { unknownFields: "strict" });
      expect(encodeObject(r.schema, fromBinary(r.schema, toBinary(r.schema, message)))).toEqual(obj);
      const list = encodeObject(
        r.listSchema,
        create(r.listSchema, { apiVersion: apiVersionOf(r), kind: r.listKind }),
      );
      expect(list).toEqual({ apiVersion: apiVersionOf(r), kind: r.listKind, items: [] });
    },
  );
});

describe("index", () => {
  it("re-exports every generated file", () => {
    const index = readFileSync(new URL("./gen/index.ts", import.meta.url), "utf8");
    const gen = new URL("./gen/", import.meta.url);
    const files = readdirSync(gen, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_pb.ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(index).toContain(`"./${file.replace(/\.ts$/, ".js")}"`);
  });
});
