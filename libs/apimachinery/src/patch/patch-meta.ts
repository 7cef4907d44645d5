import { ApiError } from "../api-error.js";

/**
 * What strategic merge patch needs to know about a type: for each field, its patch strategy and, for
 * lists of objects, the merge key (Kubernetes' `patchStrategy` and `patchMergeKey` struct tags).
 * Plain data, so a table of kinds (kubernetes-patch-meta.ts) or a caller can describe any type.
 */
export type PatchStrategy = "merge" | "replace" | "retainKeys";

/** An object type: the patch metadata of those of its fields that have any. */
export interface PatchMeta {
  readonly fields?: Readonly<Record<string, FieldPatchMeta>>;
}

/**
 * One field. `fields` describes the field's value when it is an object, or its elements when it is a
 * list of objects. A list without the "merge" strategy is atomic: a patch replaces it whole.
 */
export interface FieldPatchMeta extends PatchMeta {
  readonly strategy?: readonly PatchStrategy[];
  readonly mergeKey?: string;
}

const NONE: FieldPatchMeta = {};

/** The metadata of `field` in an object described by `meta`; empty (atomic lists, merged maps) when unknown. */
export function fieldPatchMeta(meta: PatchMeta, field: string): FieldPatchMeta {
  const fields = typeof meta === "object" && meta !== null ? meta.fields : undefined;
  return typeof fields === "object" && fields !== null && Object.hasOwn(fields, field)
    ? (fields[field] ?? NONE)
    : NONE;
}

/** The metadata at a path of field names, e.g. `["spec", "template", "spec", "containers"]`. */
export function patchMetaAt(meta: PatchMeta, path: readonly string[]): FieldPatchMeta {
  if (!Array.isArray(path)) throw ApiError.badRequest("a patch metadata path must be a list of field names");
  let current: FieldPatchMeta = meta;
  for (const field of path) current = fieldPatchMeta(current, field);
  return current;
}

/** Whether the field carries a strategy. */
export function hasPatchStrategy(meta: FieldPatchMeta, strategy: PatchStrategy): boolean {
  return Array.isArray(meta?.strategy) && meta.strategy.includes(strategy);
}
