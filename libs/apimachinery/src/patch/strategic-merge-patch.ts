import { ApiError } from "../api-error.js";
import { cloneJson, getOwn, isJsonObject, type JsonObject, type JsonValue, setOwn } from "./json-value.js";
import { type FieldPatchMeta, fieldPatchMeta, hasPatchStrategy, type PatchMeta } from "./patch-meta.js";
import {
  normalizeElementOrder,
  partitionByPresence,
  validateSetElementOrder,
} from "./strategic-list-order.js";
import { deleteFromList, type MergeObject, mergeList, unknownDirective } from "./strategic-merge-list.js";

const PATCH_DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

/**
 * Applies a Kubernetes strategic merge patch (what `kubectl apply` sends) and returns the new object;
 * the inputs are not modified. Objects merge key by key and `null` deletes a key. Lists follow
 * `patchMeta`: lists with the "merge" strategy merge by merge key (objects) or as a union (primitives),
 * other lists are replaced. Directives: `$patch: replace|delete|merge` in objects and list items,
 * `$setElementOrder/<list>`, `$retainKeys`, `$deleteFromPrimitiveList/<list>`.
 * A malformed patch is ApiError.badRequest; one that does not fit the object is a 422.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  patchMeta: PatchMeta,
): JsonObject {
  const patchValue = cloneJson(patch, "the strategic merge patch");
  if (!isJsonObject(patchValue)) throw ApiError.badRequest("a strategic merge patch must be a JSON object");
  const target = original === undefined || original === null ? {} : cloneJson(original, "the patched object");
  if (!isJsonObject(target)) throw ApiError.badRequest("the patched object must be a JSON object");
  if (!isJsonObject(patchMeta as unknown)) throw ApiError.badRequest("patch metadata must be an object");
  return mergeObject(target, patchValue, patchMeta);
}

/** Merges `patch` into `original` (both private copies, changed in place); absent original: a new object. */
const mergeObject: MergeObject = (original, patch, meta) => {
  if (Object.hasOwn(patch, PATCH_DIRECTIVE)) return objectDirective(patch, meta);
  const target = original ?? {};
  applyRetainKeys(target, patch);
  applySetElementOrders(target, patch, meta);
  for (const [key, value] of Object.entries(patch)) mergeField(target, key, value, meta);
  return target;
};

/** `$patch: delete` empties the object (as Kubernetes does); `$patch: replace` puts the patch in its place. */
function objectDirective(patch: JsonObject, meta: PatchMeta): JsonObject {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive === "delete") return {};
  if (directive !== "replace") throw unknownDirective(directive);
  const replacement = { ...patch };
  delete replacement[PATCH_DIRECTIVE];
  return mergeObject(undefined, replacement, meta);
}

/** `$retainKeys: [...]` drops every original key not listed; the patch may only set listed keys. */
function applyRetainKeys(target: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const keys = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string"))
    throw ApiError.badRequest("invalid patch format of retainKeys");
  const retained = new Set<JsonValue>(keys);
  for (const [key, value] of Object.entries(patch))
    if (value !== null && !isListDirective(key) && !retained.has(key))
      throw ApiError.unprocessableEntity("patch content doesn't match retainKeys list");
  for (const key of Object.keys(target)) if (!retained.has(key)) delete target[key];
}

function isListDirective(key: string): boolean {
  return key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/**
 * `$setElementOrder/<field>: [...]` merges the field's patch list (if any) and orders the result:
 * the order list first, then the patch, then the original (Kubernetes' precedence).
 */
function applySetElementOrders(target: JsonObject, patch: JsonObject, meta: PatchMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    const field = key.slice(SET_ELEMENT_ORDER.length);
    delete patch[key];
    const patchList = getOwn(patch, field);
    if (!field || !Array.isArray(order) || (patchList !== undefined && !Array.isArray(patchList)))
      throw ApiError.badRequest("invalid patch format of setElementOrder list");
    const current = getOwn(target, field);
    const originalList = current === null ? undefined : current;
    if (originalList !== undefined && !Array.isArray(originalList))
      throw ApiError.unprocessableEntity(`expected a list in "${field}" to apply $setElementOrder`);
    if (originalList === undefined && patchList === undefined) continue;
    const fieldMeta = fieldPatchMeta(meta, field);
    validateSetElementOrder(field, patchList ?? [], order, fieldMeta.mergeKey);
    const merged =
      patchList === undefined
        ? (originalList ?? [])
        : mergeListField(field, originalList ?? [], patchList, fieldMeta);
    const [patchItems, serverOnly] = partitionByPresence(merged, order, fieldMeta.mergeKey);
    setOwn(
      target,
      field,
      normalizeElementOrder(patchItems, serverOnly, order, originalList ?? [], fieldMeta.mergeKey),
    );
    delete patch[field];
  }
}

function mergeField(target: JsonObject, key: string, value: JsonValue, meta: PatchMeta): void {
  if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    if (!field || !Array.isArray(value)) throw ApiError.badRequest("invalid patch format of primitive list");
    const current = getOwn(target, field);
    if (Array.isArray(current)) setOwn(target, field, deleteFromList(current, value));
    return;
  }
  if (value === null) {
    if (Object.hasOwn(target, key)) delete target[key];
    return;
  }
  const fieldMeta = fieldPatchMeta(meta, key);
  const current = getOwn(target, key);
  let merged: JsonValue;
  if (isJsonObject(current) && isJsonObject(value))
    merged = hasPatchStrategy(fieldMeta, "replace")
      ? freshValue(key, value, fieldMeta)
      : mergeObject(current, value, fieldMeta);
  else if (Array.isArray(current) && Array.isArray(value))
    merged = mergeListField(key, current, value, fieldMeta);
  else merged = freshValue(key, value, fieldMeta);
  setOwn(target, key, merged);
}

function mergeListField(
  field: string,
  original: JsonValue[],
  patch: JsonValue[],
  meta: FieldPatchMeta,
): JsonValue[] {
  return hasPatchStrategy(meta, "merge")
    ? mergeList(field, original, patch, meta, mergeObject)
    : (freshValue(field, patch, meta) as JsonValue[]);
}

/**
 * A patch value where the original has nothing to merge with: merged into emptiness, so directives
 * and nulls inside it are resolved rather than stored.
 */
function freshValue(field: string, value: JsonValue, meta: FieldPatchMeta): JsonValue {
  if (isJsonObject(value)) return mergeObject(undefined, value, meta);
  if (!Array.isArray(value)) return value;
  if (hasPatchStrategy(meta, "merge")) return mergeList(field, [], value, meta, mergeObject);
  return value.map((item) => (isJsonObject(item) ? mergeObject(undefined, item, meta) : item));
}
