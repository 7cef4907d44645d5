import type { JsonObject, JsonValue } from "../json.js";
import { DecodeError, describeJson } from "./codec-error.js";

/** JSON nesting deeper than this in a free-form field (managedFields' fieldsV1) is refused. */
const MAX_DEPTH = 100;

/** A JSON object: not null, not an array, not a class instance (Date, Map) that YAML parsers can produce. */
export function isJsonObjectLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JSON path of a field of the object at `path`: `spec.replicas`, or `spec` at the root. */
export function fieldPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Sets obj[key] as an own property even for "__proto__" (a valid ConfigMap key), which plain assignment
 * would treat as the prototype and silently drop.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/**
 * A deep copy of a JSON value, checked to be plain JSON (finite numbers, no undefined, no class instances,
 * bounded depth). Throws DecodeError with the path of the first value that is not.
 */
export function copyJson(value: unknown, path: string, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) throw DecodeError.invalidValue(path, `JSON nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      break;
    case "object":
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item, i) => copyJson(item, `${path}[${i}]`, depth + 1));
      if (isJsonObjectLike(value)) return copyJsonObject(value, path, depth);
      break;
  }
  throw DecodeError.invalidValue(path, `expected a JSON value, got ${describeJson(value)}`);
}

/** copyJson for an object known to be a plain object. */
export function copyJsonObject(value: Record<string, unknown>, path: string, depth = 0): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    setOwn(out, key, copyJson(value[key], fieldPath(path, key), depth + 1));
  }
  return out;
}
