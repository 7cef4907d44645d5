import type { ResourceType } from "@capstan/api";
import {
  ApiError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  type JsonValue,
  kubernetesPatchMeta,
} from "@capstan/apimachinery";
import type { PatchType } from "./options.js";

/**
 * Applies a patch document to an object's Kubernetes JSON. Strategic merge (and server-side apply, which
 * merges the applied configuration the same way) uses the kind's merge keys; kinds without any fall back
 * to a JSON merge patch, as Kubernetes does for custom resources.
 */
export function applyPatchDocument(
  type: ResourceType | undefined,
  patchType: PatchType,
  original: JsonValue,
  patch: unknown,
): JsonValue {
  switch (patchType) {
    case "json":
      return applyJsonPatch(original, patch);
    case "merge":
      return applyMergePatch(original, patch);
    case "strategic":
    case "apply": {
      if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
        throw ApiError.badRequest("a strategic merge patch must be a JSON object");
      }
      const meta = type ? kubernetesPatchMeta(type.kind) : undefined;
      return meta ? applyStrategicMergePatch(original, patch, meta) : applyMergePatch(original, patch);
    }
  }
}
