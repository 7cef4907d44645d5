import { cloneJson, getOwn, isJsonObject, type JsonObject, type JsonValue, setOwn } from "./json-value.js";

/**
 * Applies an RFC 7386 JSON merge patch and returns the new document; the input is not modified.
 * Objects merge key by key, `null` deletes a key, anything else (arrays included) replaces.
 * Values that are not JSON are ApiError.badRequest.
 */
export function applyMergePatch(original: unknown, patch: unknown): JsonValue {
  const patchValue = cloneJson(patch, "the merge patch");
  const target = original === undefined ? null : cloneJson(original, "the patched object");
  return mergeInto(target, patchValue);
}

/** Merges `patch` into `target` in place where target is an object (both are private copies). */
function mergeInto(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setOwn(result, key, mergeInto(getOwn(result, key) ?? null, value));
  }
  return result;
}
