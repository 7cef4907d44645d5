import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { intOrString } from "../int-or-string.js";
import { DecodeError, describeJson } from "./codec-error.js";
import { copyJsonObject, fieldPath, isJsonObjectLike, setOwn } from "./json-tree.js";
import { type FieldPlan, messagePlan, type ValuePlan } from "./message-plan.js";
import { parseRfc3339 } from "./rfc3339.js";

/** What to do with JSON fields the schema does not have (Kubernetes' fieldValidation). */
export type UnknownFieldPolicy = "strict" | "warn" | "ignore";

/** Options of decodeObject. */
export interface DecodeOptions {
  /** strict: throw a DecodeError naming them all; warn: return them; ignore: drop them unreported. */
  readonly unknownFields: UnknownFieldPolicy;
}

/** The decoded message and the JSON paths of the unknown fields it dropped (empty with "ignore"). */
export interface DecodeResult<T> {
  readonly message: T;
  readonly unknownFields: string[];
}

/**
 * Converts a Kubernetes JSON object (as JSON.parse or a YAML parser returns it) to a message of `schema`.
 * Only Kubernetes field names (lowerCamel / json_name) are accepted; null anywhere means absent;
 * int-or-string takes a number or a string; quantities take a number or a string; times are RFC 3339;
 * bytes are base64. Throws DecodeError for a value of the wrong type (with its path), and in strict mode
 * for unknown fields.
 */
export function decodeObject<Desc extends DescMessage>(
  schema: Desc,
  json: unknown,
  options: DecodeOptions,
): DecodeResult<MessageShape<Desc>> {
  const policy: unknown = options?.unknownFields;
  if (policy !== "strict" && policy !== "warn" && policy !== "ignore") {
    throw DecodeError.invalidValue(
      "",
      `unknownFields must be "strict", "warn" or "ignore", got ${describeJson(policy)}`,
    );
  }
  const unknown = policy === "ignore" ? undefined : [];
  const message = decodeMessage(schema, json, "", unknown) as MessageShape<Desc>;
  if (policy === "strict" && unknown !== undefined && unknown.length > 0) {
    throw DecodeError.unknownFields(unknown);
  }
  return { message, unknownFields: unknown ?? [] };
}

function decodeMessage(
  schema: DescMessage,
  json: unknown,
  path: string,
  unknown: string[] | undefined,
): unknown {
  if (!isJsonObjectLike(json))
    throw DecodeError.invalidValue(path, `expected object, got ${describeJson(json)}`);
  const plan = messagePlan(schema);
  const message = create(schema) as unknown as Record<string, unknown>;
  for (const key of Object.keys(json)) {
    const field = plan.byJsonName.get(key);
    if (field === undefined) {
      unknown?.push(fieldPath(path, key));
      continue;
    }
    const value = json[key];
    if (value !== null) message[field.localName] = decodeField(field, value, fieldPath(path, key), unknown);
  }
  return message;
}

function decodeField(field: FieldPlan, json: unknown, path: string, unknown: string[] | undefined): unknown {
  switch (field.shape) {
    case "single":
      return decodeValue(field.value, json, path, unknown);
    case "list":
      if (!Array.isArray(json))
        throw DecodeError.invalidValue(path, `expected array, got ${describeJson(json)}`);
      return json.map((item: unknown, i) => decodeValueOrZero(field.value, item, `${path}[${i}]`, unknown));
    case "map": {
      if (!isJsonObjectLike(json))
        throw DecodeError.invalidValue(path, `expected object, got ${describeJson(json)}`);
      const map: Record<string, unknown> = {};
      for (const key of Object.keys(json)) {
        setOwn(map, key, decodeValueOrZero(field.value, json[key], `${path}[${key}]`, unknown));
      }
      return map;
    }
  }
}

/** A null list element or map value is the zero value, as in Go's encoding/json. */
function decodeValueOrZero(
  plan: ValuePlan,
  json: unknown,
  path: string,
  unknown: string[] | undefined,
): unknown {
  return json === null ? zeroValue(plan) : decodeValue(plan, json, path, unknown);
}

/** The zero value of a list element or map value that is null (JSON) or empty (protobuf), as in Go. */
export function zeroValue(plan: ValuePlan): unknown {
  switch (plan.type) {
    case "string":
      return "";
    case "bool":
      return false;
    case "bytes":
      return new Uint8Array(0);
    case "double":
    case "int32":
    case "uint32":
      return 0;
    case "int64":
    case "uint64":
      return 0n;
    case "struct":
      return {};
    case "timestamp":
      return parseRfc3339("0001-01-01T00:00:00Z");
    case "intOrString":
      return intOrString(0);
    case "message":
      return create(plan.schema);
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeValue(plan: ValuePlan, json: unknown, path: string, unknown: string[] | undefined): unknown {
  switch (plan.type) {
    case "string":
      if (typeof json === "string") return json;
      if (plan.quantity && typeof json === "number" && Number.isFinite(json)) return String(json);
      break;
    case "bool":
      if (typeof json === "boolean") return json;
      break;
    case "double":
      if (typeof json === "number" && Number.isFinite(json)) return json;
      break;
    case "int32":
      if (Number.isInteger(json) && (json as number) >= INT32_MIN && (json as number) <= INT32_MAX)
        return json;
      break;
    case "uint32":
      if (Number.isInteger(json) && (json as number) >= 0 && (json as number) <= UINT32_MAX) return json;
      break;
    case "int64":
      // Beyond 2^53 a JSON number has already lost digits in JSON.parse: refuse rather than store a guess.
      if (Number.isSafeInteger(json)) return BigInt(json as number);
      break;
    case "uint64":
      if (Number.isSafeInteger(json) && (json as number) >= 0) return BigInt(json as number);
      break;
    case "bytes":
      if (typeof json === "string" && BASE64.test(json)) return Uint8Array.from(Buffer.from(json, "base64"));
      break;
    case "timestamp":
      if (typeof json === "string") {
        const ts = parseRfc3339(json);
        if (ts !== undefined) return ts;
      }
      break;
    case "intOrString":
      if (typeof json === "string") return intOrString(json);
      if (Number.isInteger(json) && (json as number) >= INT32_MIN && (json as number) <= INT32_MAX) {
        return intOrString(json as number);
      }
      break;
    case "struct":
      if (isJsonObjectLike(json)) return copyJsonObject(json, path);
      break;
    case "message":
      return decodeMessage(plan.schema, json, path, unknown);
  }
  throw DecodeError.invalidValue(path, `expected ${expectation(plan)}, got ${describeJson(json)}`);
}

function expectation(plan: ValuePlan): string {
  switch (plan.type) {
    case "string":
      return plan.quantity ? "quantity (string or number)" : "string";
    case "bool":
      return "boolean";
    case "double":
      return "number";
    case "int64":
    case "uint64":
      return `${plan.type} (an integer within ±2^53)`;
    case "bytes":
      return "base64 string";
    case "timestamp":
      return 'RFC 3339 time ("2006-01-02T15:04:05Z")';
    case "intOrString":
      return "int32 or string";
    case "struct":
      return "object";
    default:
      return plan.type;
  }
}
