import { type DescMessage, isMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { IntOrString } from "../gen/capstan/meta/v1/int_or_string_pb.js";
import { INT_OR_STRING_INT, INT_OR_STRING_STRING, intOrStringValue } from "../int-or-string.js";
import type { JsonObject, JsonValue } from "../json.js";
import { describeJson, EncodeError } from "./codec-error.js";
import { copyJsonObject, fieldPath, setOwn } from "./json-tree.js";
import { type FieldPlan, messagePlan, type ValuePlan } from "./message-plan.js";
import { formatRfc3339 } from "./rfc3339.js";

/**
 * Writes a message in its Kubernetes JSON form: Kubernetes field names, int64 as JSON numbers,
 * int-or-string as a number or a string, RFC 3339 times (MicroTime with microseconds), bytes as base64.
 * Implicit-presence fields are left out at their zero value, explicit-presence (`optional`, message)
 * fields are written whenever set. Throws EncodeError for a message of another type than `schema`, or a
 * value JSON cannot carry exactly.
 */
export function encodeObject<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): JsonObject {
  if (!isMessage(message, schema)) {
    const got = isMessage(message) ? `a ${message.$typeName} message` : describeJson(message);
    throw new EncodeError("", `expected a ${schema.typeName} message, got ${got}`);
  }
  return encodeMessage(schema, message, "");
}

function encodeMessage(schema: DescMessage, message: object, path: string): JsonObject {
  const fields = message as Record<string, unknown>;
  const out: JsonObject = {};
  for (const field of messagePlan(schema).fields) {
    const value = fields[field.localName];
    if (isOmitted(field, value)) continue;
    out[field.jsonName] = encodeField(field, value, path);
  }
  return out;
}

function isOmitted(field: FieldPlan, value: unknown): boolean {
  if (value === undefined) return true;
  switch (field.shape) {
    case "single":
      // Implicit presence: a zero value is "not set" (0, "", false, 0n, empty bytes).
      return (
        !field.explicit &&
        (value === "" || value === 0 || value === false || value === 0n || isEmptyBytes(value))
      );
    case "list":
      return !field.emitEmpty && (value as unknown[]).length === 0;
    case "map":
      return !field.emitEmpty && Object.keys(value as object).length === 0;
  }
}

function isEmptyBytes(value: unknown): boolean {
  return value instanceof Uint8Array && value.length === 0;
}

/**
 * Where a value sits, kept as its parts so the path string is only built when needed (an error, or a
 * nested message): the parent's path and the field name, list index or map key.
 */
interface Place {
  readonly parent: string;
  readonly field: string;
  readonly key?: string | number;
}

function pathOf(place: Place): string {
  const path = fieldPath(place.parent, place.field);
  return place.key === undefined ? path : `${path}[${place.key}]`;
}

function encodeField(field: FieldPlan, value: unknown, parent: string): JsonValue {
  switch (field.shape) {
    case "single":
      return encodeValue(field.value, value, { parent, field: field.jsonName });
    case "list":
      return (value as unknown[]).map((item, key) =>
        encodeValue(field.value, item, { parent, field: field.jsonName, key }),
      );
    case "map": {
      const map = value as Record<string, unknown>;
      const out: JsonObject = {};
      for (const key of Object.keys(map)) {
        setOwn(out, key, encodeValue(field.value, map[key], { parent, field: field.jsonName, key }));
      }
      return out;
    }
  }
}

function encodeValue(plan: ValuePlan, value: unknown, place: Place): JsonValue {
  switch (plan.type) {
    case "string":
    case "bool":
    case "int32":
    case "uint32":
      return value as string | boolean | number;
    case "double":
      if (!Number.isFinite(value)) throw new EncodeError(pathOf(place), `JSON has no ${String(value)}`);
      return value as number;
    case "int64":
    case "uint64": {
      const n = Number(value as bigint);
      if (Number.isSafeInteger(n)) return n;
      throw new EncodeError(pathOf(place), `int64 ${value} is beyond what a JSON number holds exactly`);
    }
    case "bytes":
      return bytesToBase64(value as Uint8Array);
    case "timestamp": {
      const text = formatRfc3339(value as Timestamp, plan.micro);
      if (text !== undefined) return text;
      throw new EncodeError(pathOf(place), "time outside years 0000-9999 or nanos out of range");
    }
    case "intOrString": {
      const { type } = value as IntOrString;
      // An empty IntOrString (type 0, intVal 0) is Go's zero value, the int 0.
      if (type === INT_OR_STRING_INT || type === INT_OR_STRING_STRING)
        return intOrStringValue(value as IntOrString);
      throw new EncodeError(pathOf(place), `IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
    }
    case "struct":
      return copyJsonObject(value as JsonObject, pathOf(place));
    case "message":
      return encodeMessage(plan.schema, value as object, pathOf(place));
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
