import { clone, type DescMessage, type Message } from "@bufbuild/protobuf";
import type { ResourceContext } from "./context.js";
import { guaranteedUpdate, type WriteResult } from "./guaranteed-update.js";
import { metaOf } from "./object-meta.js";
import type { WriteOptions } from "./options.js";
import {
  admitUpdate,
  carrySystemMetadata,
  checkPinned,
  desiredStateChanged,
  pinnedRevision,
  type WithStatus,
  withNewStatus,
} from "./update-rules.js";

/**
 * Replaces an object (PUT). With a resourceVersion in the body the write happens only if the object is
 * still at it (409 otherwise); without one the update is unconditional. For kinds with a status
 * subresource the stored status is kept. System metadata comes from the stored object, and generation is
 * bumped only when the desired state changed.
 */
export function updateObject<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  input: T,
  options: WriteOptions,
): Promise<WriteResult<T>> {
  const pinned = pinnedRevision(input);
  const keepStatus = ctx.type.subresources.includes("status");
  return guaranteedUpdate(
    ctx,
    namespace,
    name,
    async (current) => {
      checkPinned(ctx, name, pinned, current);
      const next = clone(ctx.type.schema as DescMessage, input) as T;
      if (keepStatus) (next as WithStatus).status = (current.object as WithStatus).status;
      carrySystemMetadata(ctx, next, current.object);
      await admitUpdate(ctx, namespace, name, next, current.object, undefined, options);
      if (desiredStateChanged(ctx, next, current.object)) metaOf(next).generation += 1n;
      return next;
    },
    { dryRun: options.dryRun, retryOnConflict: pinned === undefined },
  );
}

/**
 * Replaces the status (PUT .../status) and adds the body's annotations; spec and the rest stay as stored. A resourceVersion in the body makes it conditional, as for updateObject.
 */
export function updateStatus<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  input: T,
  options: WriteOptions,
): Promise<WriteResult<T>> {
  const pinned = pinnedRevision(input);
  return guaranteedUpdate(
    ctx,
    namespace,
    name,
    async (current) => {
      checkPinned(ctx, name, pinned, current);
      const next = withNewStatus(ctx, current.object, input);
      await admitUpdate(ctx, namespace, name, next, current.object, "status", options);
      return next;
    },
    { dryRun: options.dryRun, retryOnConflict: pinned === undefined },
  );
}
