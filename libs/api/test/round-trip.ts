import { readFileSync } from "node:fs";
import { type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";
import { parseAllDocuments } from "yaml";
import {
  decodeKubernetesProtobuf,
  decodeObject,
  encodeKubernetesProtobuf,
  encodeObject,
  findKind,
  type JsonObject,
  type JsonValue,
} from "../src/index.js";

/** The documents of a fixture manifest in test/fixtures, as the plain objects kubectl would send as JSON. */
export function loadFixture(name: string): JsonObject[] {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors[0]?.message}`);
    return doc.toJS() as JsonObject;
  });
}

/** The schema of a manifest, by its apiVersion and kind. */
export function schemaOf(manifest: JsonObject): DescMessage {
  const type = findKind(String(manifest.apiVersion), String(manifest.kind));
  if (type === undefined) throw new Error(`no resource for ${manifest.apiVersion} ${manifest.kind}`);
  return type.schema;
}

/** YAML object -> message (strict) -> protobuf binary -> message -> Kubernetes JSON. */
export function roundTrip(schema: DescMessage, manifest: JsonObject): JsonObject {
  const { message } = decodeObject(schema, manifest, { unknownFields: "strict" });
  const restored = fromBinary(schema, toBinary(schema, message));
  return encodeObject(schema, restored);
}

/** YAML object -> message (strict) -> Kubernetes protobuf -> message -> Kubernetes JSON. */
export function kubernetesProtobufRoundTrip(schema: DescMessage, manifest: JsonObject): JsonObject {
  const { message } = decodeObject(schema, manifest, { unknownFields: "strict" });
  const decoded = decodeKubernetesProtobuf(schema, encodeKubernetesProtobuf(schema, message));
  if (decoded.unknownFields.length > 0) throw new Error(`unknown fields ${decoded.unknownFields.join(", ")}`);
  return encodeObject(schema, decoded.message);
}

/** The manifest with null-valued fields removed: in Kubernetes JSON a null field is an absent one. */
export function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = withoutNulls(v);
  return out;
}
