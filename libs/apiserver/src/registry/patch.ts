import type { DescMessage, Message } from "@bufbuild/protobuf";
import { DecodeError, decodeObject, encodeObject, type UnknownFieldPolicy } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { createObject } from "./create.js";
import { guaranteedUpdate, type WriteResult } from "./guaranteed-update.js";
import { metaOf } from "./object-meta.js";
import type { PatchOptions, PatchType } from "./options.js";
import { applyPatchDocument } from "./patch-document.js";
import {
  admitUpdate,
  carrySystemMetadata,
  checkPinned,
  desiredStateChanged,
  pinnedRevision,
  type WithStatus,
  withNewStatus,
} from "./update-rules.js";

/** A patch of an object or of its status. */
export interface PatchRequest {
  readonly type: PatchType;
  /** The patch document, parsed from JSON or YAML. */
  readonly body: unknown;
  readonly subresource?: "status";
  /** Fields of the patched object the kind does not have (fieldValidation). Default "warn". */
  readonly unknownFields?: UnknownFieldPolicy;
}

export interface PatchResult<T> extends WriteResult<T> {
  /** Server-side apply created the object (HTTP 201). */
  readonly created: boolean;
  /** Unknown fields dropped (fieldValidation=Warn). */
  readonly warnings: readonly string[];
}

/**
 * Patches an object: the patch is applied to the stored object's Kubernetes JSON, the result decoded and
 * then treated like an update (or a status update). A resourceVersion set by the patch makes it
 * conditional; otherwise concurrent writes are retried. Server-side apply creates the object when absent.
 */
export async function patchObject<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  request: PatchRequest,
  options: PatchOptions,
): Promise<PatchResult<T>> {
  const policy = request.unknownFields ?? "warn";
  const warnings = new Set<string>();
  if (request.type === "apply") {
    if (!options.fieldManager) throw ApiError.badRequest("fieldManager is required for apply requests");
    if (!request.subresource) {
      const created = await createIfAbsent(ctx, namespace, name, request.body, policy, options, warnings);
      if (created) return { object: created, deleted: false, created: true, warnings: [...warnings] };
    }
  }
  const schema = ctx.type.schema as DescMessage;
  const keepStatus = ctx.type.subresources.includes("status");
  const result = await guaranteedUpdate(
    ctx,
    namespace,
    name,
    async (current) => {
      const original = encodeObject(schema, current.object);
      const patched = decodePatched(
        ctx,
        applyPatchDocument(ctx.type, request.type, original, request.body),
        policy,
        warnings,
      );
      const patchedMeta = metaOf(patched);
      if (patchedMeta.name !== name) {
        throw ApiError.badRequest(
          `the name of the object (${patchedMeta.name}) does not match the name on the URL (${name})`,
        );
      }
      checkPinned(ctx, name, pinnedRevision(patched), current);
      if (request.subresource === "status") {
        const next = withNewStatus(ctx, current.object, patched);
        await admitUpdate(ctx, namespace, name, next, current.object, "status", options);
        return next;
      }
      if (keepStatus) (patched as WithStatus).status = (current.object as WithStatus).status;
      carrySystemMetadata(ctx, patched, current.object);
      await admitUpdate(ctx, namespace, name, patched, current.object, undefined, options);
      if (desiredStateChanged(ctx, patched, current.object)) metaOf(patched).generation += 1n;
      return patched;
    },
    { dryRun: options.dryRun, retryOnConflict: true },
  );
  return { ...result, created: false, warnings: [...warnings] };
}

/** Server-side apply of an absent object creates it from the applied configuration; undefined if it exists. */
async function createIfAbsent<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  body: unknown,
  policy: UnknownFieldPolicy,
  options: PatchOptions,
  warnings: Set<string>,
): Promise<T | undefined> {
  if (await ctx.storage.read(namespace, name)) return undefined;
  const object = decodePatched(ctx, body, policy, warnings);
  const meta = metaOf(object);
  if (meta.name !== name) {
    throw ApiError.badRequest(
      `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
    );
  }
  try {
    return await createObject(ctx, namespace, object, options);
  } catch (error) {
    if (ApiError.is(error, "AlreadyExists")) return undefined;
    throw error;
  }
}

function decodePatched<T extends Message>(
  ctx: ResourceContext<T>,
  json: unknown,
  policy: UnknownFieldPolicy,
  warnings: Set<string>,
): T {
  try {
    const { message, unknownFields } = decodeObject(ctx.type.schema as DescMessage, json, {
      unknownFields: policy,
    });
    for (const field of unknownFields) warnings.add(`unknown field ${JSON.stringify(field)}`);
    return message as T;
  } catch (error) {
    if (error instanceof DecodeError) throw ApiError.badRequest(error.message);
    throw error;
  }
}
