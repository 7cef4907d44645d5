import { ApiError } from "../api-error.js";
import { getOwn, isJsonObject, type JsonValue } from "./json-value.js";

/**
 * Ordering of merged lists, as Kubernetes' strategic merge patch does it: items named in the patch
 * (or its `$setElementOrder` list) keep the patch's order, items only on the server keep theirs, and
 * the two are interleaved following the server's order where both are known. Items are identified by
 * their merge key value (lists of objects) or by themselves (lists of primitives, no merge key).
 */

/** The identity of an item as a string usable in a Map, or undefined when it has no merge key. */
function identityOf(item: JsonValue, mergeKey: string | undefined): string | undefined {
  if (mergeKey === undefined) return JSON.stringify(item);
  if (!isJsonObject(item)) return undefined;
  const key = getOwn(item, mergeKey);
  return key === undefined ? undefined : JSON.stringify(key);
}

function positions(list: readonly JsonValue[], mergeKey: string | undefined): Map<string, number> {
  const found = new Map<string, number>();
  list.forEach((item, index) => {
    const identity = identityOf(item, mergeKey);
    if (identity !== undefined && !found.has(identity)) found.set(identity, index);
  });
  return found;
}

function positionIn(index: Map<string, number>, item: JsonValue, mergeKey: string | undefined): number {
  const identity = identityOf(item, mergeKey);
  return identity === undefined ? -1 : (index.get(identity) ?? -1);
}

/** Splits `merged` into the items present in `by` and the others, each keeping its order. */
export function partitionByPresence(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string | undefined,
): [present: JsonValue[], absent: JsonValue[]] {
  const index = positions(by, mergeKey);
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of merged) (positionIn(index, item, mergeKey) >= 0 ? present : absent).push(item);
  return [present, absent];
}

/** Sorts the patch items by `patchOrder` and the server items by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const serverIndex = positions(serverOrder, mergeKey);
  const right = sortByOrder(patchItems, positions(patchOrder, mergeKey), mergeKey);
  const left = sortByOrder(serverOnly, serverIndex, mergeKey);
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined) result.push(right[j++] as JsonValue);
    else if (r === undefined) result.push(left[i++] as JsonValue);
    else {
      // A server item goes first only when the server's order says so; unknown positions favour the patch.
      const li = positionIn(serverIndex, l, mergeKey);
      const ri = positionIn(serverIndex, r, mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++] as JsonValue);
      else result.push(right[j++] as JsonValue);
    }
  }
  return result;
}

/** Stable sort by position in `order`; items missing from it come first, as in Kubernetes. */
function sortByOrder(
  items: readonly JsonValue[],
  order: Map<string, number>,
  mergeKey: string | undefined,
): JsonValue[] {
  return items
    .map((item, original) => ({ item, original, position: positionIn(order, item, mergeKey) }))
    .sort((a, b) => a.position - b.position || a.original - b.original)
    .map(({ item }) => item);
}

/**
 * Checks that the items of a patch list appear in its `$setElementOrder` list in the same relative order
 * (deletions aside), as Kubernetes requires; a mismatch is ApiError.badRequest.
 */
export function validateSetElementOrder(
  field: string,
  patchList: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string | undefined,
): void {
  if (mergeKey !== undefined)
    for (const item of [...patchList, ...order])
      if (identityOf(item, mergeKey) === undefined) throw missingMergeKey(item, mergeKey);
  const items = patchList.filter((item) => !(isJsonObject(item) && Object.hasOwn(item, "$patch")));
  let p = 0;
  for (let s = 0; p < items.length && s < order.length; s++)
    if (identityOf(items[p] as JsonValue, mergeKey) === identityOf(order[s] as JsonValue, mergeKey)) p++;
  if (p < items.length)
    throw ApiError.badRequest(`the order in patch list "${field}" doesn't match its $setElementOrder list`);
}

/** Kubernetes' wording for a list item without its merge key. */
export function missingMergeKey(item: JsonValue, mergeKey: string): ApiError {
  return ApiError.badRequest(`map: ${shortJson(item)} does not contain declared merge key: ${mergeKey}`);
}

/** JSON text cut to a length fit for an error message. */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
