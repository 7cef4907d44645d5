import { clone, create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { DecodeError, decodeObject, encodeObject, type Scale, ScaleSchema } from "@capstan/api";
import {
  ApiError,
  fieldError,
  type LabelSelectorObject,
  labelSelectorFromObject,
} from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { guaranteedUpdate } from "./guaranteed-update.js";
import { metaOf } from "./object-meta.js";
import type { PatchType, WriteOptions } from "./options.js";
import { applyPatchDocument } from "./patch-document.js";
import { admitUpdate, checkPinned, pinnedRevision } from "./update-rules.js";

/** The fields of a Deployment, ReplicaSet or StatefulSet that its scale subresource reads and writes. */
interface Scalable extends Message {
  spec?: { replicas?: number; selector?: LabelSelectorObject };
  status?: { replicas?: number };
}

/** The autoscaling/v1 Scale of an object: spec.replicas, status.replicas, and the selector as a string. */
export function scaleOf(object: Message): Scale {
  const { spec, status } = object as Scalable;
  const meta = metaOf(object);
  return create(ScaleSchema, {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: spec?.replicas ?? 0 },
    status: {
      replicas: status?.replicas ?? 0,
      selector: spec?.selector ? labelSelectorFromObject(spec.selector).toString() : "",
    },
  });
}

/** Reads the scale subresource. */
export async function getScale<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
): Promise<Scale> {
  const current = await ctx.storage.read(namespace, name);
  if (!current) throw ApiError.notFound(ctx.storage.qualifiedResource, name);
  return scaleOf(current.object);
}

/**
 * Sets spec.replicas from a Scale (PUT .../scale). A resourceVersion in the Scale makes the write
 * conditional (409 when stale); a negative count is 422.
 */
export async function updateScale<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  scale: Scale,
  options: WriteOptions,
): Promise<Scale> {
  const replicas = scale.spec?.replicas ?? 0;
  if (replicas < 0) {
    throw ApiError.invalid("Scale.autoscaling", name, [
      fieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0"),
    ]);
  }
  const pinned = pinnedRevision(scale);
  const result = await guaranteedUpdate(
    ctx,
    namespace,
    name,
    async (current) => {
      checkPinned(ctx, name, pinned, current);
      const next = clone(ctx.type.schema as DescMessage, current.object) as T & Scalable;
      if (!next.spec)
        throw ApiError.badRequest(`${ctx.type.kind} ${JSON.stringify(name)} has no spec to scale`);
      if (next.spec.replicas !== replicas) {
        next.spec.replicas = replicas;
        metaOf(next).generation += 1n;
      }
      await admitUpdate(ctx, namespace, name, next, current.object, "scale", options);
      return next;
    },
    { dryRun: options.dryRun, retryOnConflict: pinned === undefined },
  );
  return scaleOf(result.object);
}

/**
 * Patches the scale subresource (`kubectl scale` sends a merge patch of spec.replicas). The patch applies
 * to the current Scale; unless it sets a resourceVersion itself, the write is unconditional.
 */
export async function patchScale<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  patchType: PatchType,
  patch: unknown,
  options: WriteOptions,
): Promise<Scale> {
  const current = await getScale(ctx, namespace, name);
  const patched = applyPatchDocument(undefined, patchType, encodeObject(ScaleSchema, current), patch);
  let scale: Scale;
  try {
    scale = decodeObject(ScaleSchema, patched, { unknownFields: "ignore" }).message;
  } catch (error) {
    if (error instanceof DecodeError) throw ApiError.badRequest(error.message);
    throw error;
  }
  const meta = metaOf(scale);
  if (meta.resourceVersion === current.metadata?.resourceVersion) meta.resourceVersion = "";
  return updateScale(ctx, namespace, name, scale, options);
}
