import { ApiError } from "../api-error.js";
import { getOwn, isJsonObject, type JsonObject, type JsonValue, jsonEqual } from "./json-value.js";
import type { FieldPatchMeta, PatchMeta } from "./patch-meta.js";
import {
  missingMergeKey,
  normalizeElementOrder,
  partitionByPresence,
  shortJson,
} from "./strategic-list-order.js";

/** Merges one object of a patch into an original one (absent: a new object); strategic-merge-patch.ts. */
export type MergeObject = (
  original: JsonObject | undefined,
  patch: JsonObject,
  meta: PatchMeta,
) => JsonObject;

/**
 * Merges a patch list into the original list of a field with the "merge" strategy:
 * - primitives: the union, without duplicates;
 * - objects: matched by merge key and merged, new ones added; items `{"$patch":"delete", <key>}` remove
 *   the matching originals and an item `{"$patch":"replace"}` makes the rest of the patch list replace
 *   the original.
 * Then ordered as Kubernetes does (strategic-list-order.ts).
 */
export function mergeList(
  field: string,
  original: readonly JsonValue[],
  patch: readonly JsonValue[],
  meta: FieldPatchMeta,
  mergeObject: MergeObject,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return [];
  if (elementKind(field, [...original, ...patch]) !== "object") {
    const merged = uniqueValues([...original, ...patch]);
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, undefined);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, undefined);
  }
  const mergeKey = meta.mergeKey;
  if (!mergeKey) throw ApiError.unprocessableEntity(`cannot merge lists without merge key for "${field}"`);
  const objects = patch as readonly JsonObject[];
  const { remaining, items, replace } = applyListDirectives(original, objects, mergeKey);
  if (replace) return items.map((item) => mergeObject(undefined, item, meta));
  const merged = [...remaining];
  for (const item of items) {
    const key = getOwn(item, mergeKey);
    if (key === undefined) throw missingMergeKey(item, mergeKey);
    const at = merged.findIndex(
      (candidate) => isJsonObject(candidate) && jsonEqual(getOwn(candidate, mergeKey), key),
    );
    const current = merged[at];
    if (at >= 0 && isJsonObject(current)) merged[at] = mergeObject(current, item, meta);
    else merged.push(mergeObject(undefined, item, meta));
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, items, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, items, remaining, mergeKey);
}

/** The original list without the values listed in `$deleteFromPrimitiveList/<field>`. */
export function deleteFromList(original: readonly JsonValue[], values: readonly JsonValue[]): JsonValue[] {
  return original.filter((item) => !values.some((value) => jsonEqual(value, item)));
}

/** Processes `$patch` items of a list of objects: deletions, replace, and the items left to merge. */
function applyListDirectives(
  original: readonly JsonValue[],
  patch: readonly JsonObject[],
  mergeKey: string,
): { remaining: JsonValue[]; items: JsonObject[]; replace: boolean } {
  let remaining = [...original];
  const items: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, "$patch")) {
      items.push(item);
      continue;
    }
    const directive = item.$patch;
    if (directive === "delete") {
      const key = getOwn(item, mergeKey);
      if (key === undefined) throw missingMergeKey(item, mergeKey);
      remaining = remaining.filter(
        (candidate) => !(isJsonObject(candidate) && jsonEqual(getOwn(candidate, mergeKey), key)),
      );
    } else if (directive === "replace") replace = true;
    else if (directive === "merge")
      throw ApiError.badRequest("merging lists cannot yet be specified in the patch");
    else throw unknownDirective(directive);
  }
  return { remaining, items, replace };
}

/** Kubernetes' wording for a `$patch` value it does not know. */
export function unknownDirective(directive: JsonValue | undefined): ApiError {
  return ApiError.badRequest(`unknown patch type: ${shortJson(directive)}`);
}

type ElementKind = "object" | "string" | "number" | "boolean" | "null";

/** The one kind all elements share; lists of lists and mixed lists cannot be merged. */
function elementKind(field: string, items: readonly JsonValue[]): ElementKind {
  let kind: ElementKind | undefined;
  for (const item of items) {
    if (Array.isArray(item))
      throw ApiError.unprocessableEntity(`lists of lists are not supported (in "${field}")`);
    const current: ElementKind = item === null ? "null" : (typeof item as ElementKind);
    if (kind !== undefined && kind !== current)
      throw ApiError.unprocessableEntity(`list element types are not identical in "${field}"`);
    kind = current;
  }
  return kind ?? "null";
}

function uniqueValues(items: readonly JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const identity = JSON.stringify(item);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}
