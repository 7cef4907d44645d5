import type { Message } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { kindFinalizers } from "./namespace-deletion.js";
import { metaOf } from "./object-meta.js";
import type { StoredObject } from "./object-storage.js";

/** The result of an update-like write. */
export interface WriteResult<T> {
  readonly object: T;
  /** The write removed the object: it emptied the finalizers of an object already being deleted. */
  readonly deleted: boolean;
}

/** Reads before giving up when other writers keep winning the compare-and-swap. */
const CONFLICT_ATTEMPTS = 5;

export interface GuaranteedUpdateOptions {
  readonly dryRun?: boolean;
  /** Read again and recompute after a lost compare-and-swap (false when the client pinned a resourceVersion). */
  readonly retryOnConflict: boolean;
}

/**
 * Read-modify-write with compare-and-swap (Kubernetes' GuaranteedUpdate). `mutate` builds the new object
 * from the stored one, throwing ApiErrors to refuse. An object being deleted whose last finalizer is
 * removed (and whose grace period is over) is deleted instead of updated.
 */
export async function guaranteedUpdate<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  mutate: (current: StoredObject<T>) => Promise<T>,
  options: GuaranteedUpdateOptions,
): Promise<WriteResult<T>> {
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.storage.read(namespace, name);
    if (!current) throw ApiError.notFound(ctx.storage.qualifiedResource, name);
    const next = await mutate(current);
    const finished = deletionFinished(ctx.type, next);
    if (options.dryRun)
      return { object: ctx.storage.identify(next, current.kv.modRevision), deleted: finished };
    // Like Kubernetes, a write that changes nothing is not made: no new resourceVersion, no watch event
    // (kubectl reports such a patch as "(no change)").
    if (!finished && sameBytes(ctx.storage.encode(next), current.kv.value))
      return { object: current.object, deleted: false };
    try {
      const object = finished
        ? await ctx.storage.delete(namespace, name, current.kv.modRevision)
        : await ctx.storage.update(namespace, name, next, current.kv.modRevision);
      return { object, deleted: finished };
    } catch (error) {
      if (!options.retryOnConflict || !ApiError.is(error, "Conflict") || attempt >= CONFLICT_ATTEMPTS)
        throw error;
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Marked for deletion, grace period over, and no finalizer left: the object can go. */
export function deletionFinished(type: ResourceType, object: Message): boolean {
  const meta = metaOf(object);
  return (
    meta.deletionTimestamp !== undefined &&
    meta.finalizers.length === 0 &&
    kindFinalizers(type, object).length === 0 &&
    (meta.deletionGracePeriodSeconds ?? 0n) === 0n
  );
}
