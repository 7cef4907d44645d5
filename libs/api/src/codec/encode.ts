import { type DescMessage, isMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { IntOrString } from "../gen/capstan/meta/v1/int_or_string_pb.js";
import type { JsonObject, JsonValue } from "../json.js";
import { describeJson, EncodeError } from "./codec-error.js";
import { fieldPath, setOwn } from "./json-tree.js";
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
    out[field.jsonName] = encodeField(field, value, fieldPath(path, field.jsonName));
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

function encodeField(field: FieldPlan, value: unknown, path: string): JsonValue {
  switch (field.shape) {
    case "single":
      return encodeValue(field.value, value, path);
    case "list":
      return (value as unknown[]).map((item, i) => encodeValue(field.value, item, `${path}[${i}]`));
    case "map": {
      const map = value as Record<string, unknown>;
      const out: JsonObject = {};
      for (const key of Object.keys(map))
        setOwn(out, key, encodeValue(field.value, map[key], `${path}[${key}]`));
      return out;
    }
  }
}

function encodeValue(plan: ValuePlan, value: unknown, path: string): JsonValue {
  switch (plan.type) {
    case "string":
    case "bool":
    case "int32":
    case "uint32":
      return value as string | boolean | number;
    case "double":
      if (!Number.isFinite(value)) throw new EncodeError(path, `JSON has no ${String(value)}`);
      return value as number;
    case "int64":
    case "uint64":
      return int64ToNumber(value as bigint, path);
    case "bytes":
      return bytesToBase64(value as Uint8Array);
    case "timestamp": {
      const text = formatRfc3339(value as Timestamp, plan.micro);
      if (text === undefined)
        throw new EncodeError(path, "time outside years 0000-9999 or nanos out of range");
      return text;
    }
    case "intOrString": {
      const { value: v } = value as IntOrString;
      // An unset IntOrString is Go's zero value, the int 0.
      return v.case === undefined ? 0 : v.value;
    }
    case "struct":
      return structuredClone(value as JsonObject);
    case "message":
      return encodeMessage(plan.schema, value as object, path);
  }
}

function int64ToNumber(value: bigint, path: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new EncodeError(path, `int64 ${value} is beyond what a JSON number holds exactly`);
  return n;
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
