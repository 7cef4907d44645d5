import { ApiError } from "../api-error.js";

/** A JSON value as JSON.parse produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/** Deeper documents are refused: no Kubernetes object comes close, and it bounds every recursion here. */
export const MAX_JSON_DEPTH = 1000;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The own value at `key`, never one inherited from Object.prototype (`constructor`, `__proto__`). */
export function getOwn(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own property, so that a `__proto__` key is stored as data rather than changing the prototype. */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A deep copy of a JSON value, checking that it is one (no undefined, functions, NaN, bigints, class
 * instances, or nesting deeper than MAX_JSON_DEPTH). `what` names the value in the ApiError.badRequest.
 */
export function cloneJson(value: unknown, what: string): JsonValue {
  return cloneAt(value, what, "", 0);
}

function cloneAt(value: unknown, what: string, path: string, depth: number): JsonValue {
  if (depth > MAX_JSON_DEPTH)
    throw ApiError.badRequest(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw notJson(what, path, "a non-finite number");
    return value;
  }
  if (Array.isArray(value))
    return value.map((item, index) => cloneAt(item, what, `${path}/${index}`, depth + 1));
  if (typeof value === "object" && isPlainObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value))
      setOwn(copy, key, cloneAt(item, what, `${path}/${key}`, depth + 1));
    return copy;
  }
  throw notJson(
    what,
    path,
    typeof value === "object" ? "an object that is not plain JSON" : `a ${typeof value}`,
  );
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function notJson(what: string, path: string, found: string): ApiError {
  return ApiError.badRequest(`${what} is not valid JSON: found ${found} at "${path || "/"}"`);
}

/** Structural equality of JSON values; key order does not matter. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}
