import { ApiError } from "../api-error.js";
import { arrayIndex, formatJsonPointer, parseJsonPointer } from "./json-pointer.js";
import { cloneJson, getOwn, isJsonObject, type JsonValue, jsonEqual, setOwn } from "./json-value.js";

/** Kubernetes refuses JSON patches with more operations than this (413). */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

type OperationName = "add" | "remove" | "replace" | "move" | "copy" | "test";

interface Operation {
  readonly index: number;
  readonly op: OperationName;
  readonly path: string[];
  readonly pathText: string;
  readonly from?: string[];
  readonly value?: JsonValue;
}

const NEEDS_VALUE = new Set<OperationName>(["add", "replace", "test"]);
const NEEDS_FROM = new Set<OperationName>(["move", "copy"]);
const ALL = new Set<string>(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * Applies an RFC 6902 JSON patch and returns the new document; the input is not modified. A malformed
 * patch is ApiError.badRequest; an operation that cannot apply (missing path, failed `test`, index out
 * of range) is a 422, as in Kubernetes, and nothing is applied.
 */
export function applyJsonPatch(document: unknown, patch: unknown): JsonValue {
  const operations = readOperations(patch);
  let result = cloneJson(document, "the patched object");
  for (const operation of operations) result = applyOperation(result, operation);
  return result;
}

function readOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw ApiError.badRequest("a JSON patch must be a JSON array of operations");
  if (patch.length > MAX_JSON_PATCH_OPERATIONS)
    throw ApiError.requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  return patch.map((raw: unknown, index) => {
    if (!isJsonObject(raw)) throw ApiError.badRequest(`JSON patch operation ${index} must be an object`);
    const op = raw.op;
    if (typeof op !== "string" || !ALL.has(op))
      throw ApiError.badRequest(
        `JSON patch operation ${index} has an unknown "op": ${JSON.stringify(op ?? null)}`,
      );
    const name = op as OperationName;
    if (typeof raw.path !== "string")
      throw ApiError.badRequest(`JSON patch operation ${index} (${name}) needs a "path"`);
    const operation: { -readonly [K in keyof Operation]: Operation[K] } = {
      index,
      op: name,
      path: parseJsonPointer(raw.path),
      pathText: raw.path,
    };
    if (NEEDS_VALUE.has(name)) {
      if (!Object.hasOwn(raw, "value"))
        throw ApiError.badRequest(`JSON patch operation ${index} (${name}) needs a "value"`);
      operation.value = cloneJson(raw.value, `the value of JSON patch operation ${index}`);
    }
    if (NEEDS_FROM.has(name)) {
      if (typeof raw.from !== "string")
        throw ApiError.badRequest(`JSON patch operation ${index} (${name}) needs a "from"`);
      operation.from = parseJsonPointer(raw.from);
    }
    return operation;
  });
}

function applyOperation(document: JsonValue, operation: Operation): JsonValue {
  const { op, path } = operation;
  switch (op) {
    case "add":
      return add(document, path, operation.value ?? null, operation);
    case "replace":
      if (path.length === 0) return operation.value ?? null;
      read(document, path, operation);
      return add(document, path, operation.value ?? null, operation, true);
    case "remove":
      remove(document, path, operation);
      return document;
    case "move": {
      const from = operation.from ?? [];
      if (from.length < path.length && from.every((token, i) => token === path[i]))
        throw cannotApply(operation, "a value cannot be moved into one of its own children");
      if (from.length === path.length && from.every((token, i) => token === path[i])) return document;
      const value = read(document, from, operation);
      remove(document, from, operation);
      return add(document, path, value, operation);
    }
    case "copy":
      return add(
        document,
        path,
        cloneJson(read(document, operation.from ?? [], operation), "copied value"),
        operation,
      );
    case "test":
      if (!jsonEqual(read(document, path, operation), operation.value ?? null))
        throw cannotApply(operation, `the value at "${operation.pathText}" is not the expected one`);
      return document;
  }
}

/** Adds (or with `replace`, overwrites in place) the value at `path`; returns the new root. */
function add(
  document: JsonValue,
  path: string[],
  value: JsonValue,
  operation: Operation,
  replace = false,
): JsonValue {
  if (path.length === 0) return value;
  const parent = read(document, path.slice(0, -1), operation);
  const last = path.at(-1) ?? "";
  if (isJsonObject(parent)) setOwn(parent, last, value);
  else if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length, !replace);
    if (index === undefined) throw missing(operation);
    parent.splice(index, replace ? 1 : 0, value);
  } else throw missing(operation);
  return document;
}

function remove(document: JsonValue, path: string[], operation: Operation): void {
  if (path.length === 0) throw cannotApply(operation, "the whole document cannot be removed");
  const parent = read(document, path.slice(0, -1), operation);
  const last = path.at(-1) ?? "";
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else if (Array.isArray(parent) && arrayIndex(last, parent.length, false) !== undefined)
    parent.splice(Number(last), 1);
  else throw missing(operation);
}

/** The value at `path`, which must exist. */
function read(document: JsonValue, path: readonly string[], operation: Operation): JsonValue {
  let current: JsonValue | undefined = document;
  for (const token of path) {
    if (isJsonObject(current)) current = getOwn(current, token);
    else if (Array.isArray(current)) {
      const index = arrayIndex(token, current.length, false);
      current = index === undefined ? undefined : current[index];
    } else current = undefined;
    if (current === undefined) throw missing(operation);
  }
  return current;
}

function missing(operation: Operation): ApiError {
  return cannotApply(operation, "the path does not exist");
}

function cannotApply(operation: Operation, reason: string): ApiError {
  const where =
    operation.from !== undefined
      ? `from "${formatJsonPointer(operation.from)}" to "${operation.pathText}"`
      : `at "${operation.pathText}"`;
  return ApiError.unprocessableEntity(
    `JSON patch operation ${operation.index} (${operation.op} ${where}) cannot be applied: ${reason}`,
  );
}
