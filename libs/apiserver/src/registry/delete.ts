import { clone, type DescMessage, type Message } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import type { WriteResult } from "./guaranteed-update.js";
import { kindFinalizers, markTerminating } from "./namespace-deletion.js";
import { metaOf, wholeSeconds } from "./object-meta.js";
import type { StoredObject } from "./object-storage.js";
import type { DeleteOptions, PropagationPolicy } from "./options.js";

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";
const CONFLICT_ATTEMPTS = 5;

/**
 * Deletes an object the way Kubernetes does. Preconditions (uid, resourceVersion) must hold (409). An
 * object that has finalizers (including those the propagation policy adds, and a namespace's
 * spec.finalizers) or a grace period from its strategy is only marked (deletionTimestamp,
 * deletionGracePeriodSeconds; a namespace becomes Terminating) and stays until the finalizers are gone
 * and a delete with grace 0 arrives; anything else is removed at once. `deleted` says which.
 */
export async function deleteObject<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  options: DeleteOptions,
): Promise<WriteResult<T>> {
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.storage.read(namespace, name);
    if (!current) throw ApiError.notFound(ctx.storage.qualifiedResource, name);
    checkPreconditions(ctx, name, current, options);
    await ctx.admission.admit({
      operation: "DELETE",
      strategy: ctx.strategy,
      namespace,
      name,
      oldObject: current.object,
      dryRun: options.dryRun ?? false,
    });
    const marked = markForDeletion(ctx, current.object, options);
    try {
      if (marked === undefined) {
        if (options.dryRun) return { object: current.object, deleted: true };
        return { object: await ctx.storage.delete(namespace, name, current.kv.modRevision), deleted: true };
      }
      if (options.dryRun || marked === current.object) return { object: marked, deleted: false };
      return {
        object: await ctx.storage.update(namespace, name, marked, current.kv.modRevision),
        deleted: false,
      };
    } catch (error) {
      if (!ApiError.is(error, "Conflict") || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

function checkPreconditions<T extends Message>(
  ctx: ResourceContext<T>,
  name: string,
  current: StoredObject<T>,
  options: DeleteOptions,
): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const meta = metaOf(current.object);
  const resource = ctx.storage.qualifiedResource;
  if (uid && uid !== meta.uid) {
    throw ApiError.conflict(
      resource,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${meta.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== meta.resourceVersion) {
    throw ApiError.conflict(
      resource,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
    );
  }
}

/**
 * The object as it must be stored while its deletion is pending, the stored object itself when nothing
 * changes, or undefined when it can be removed now.
 */
function markForDeletion<T extends Message>(
  ctx: ResourceContext<T>,
  object: T,
  options: DeleteOptions,
): T | undefined {
  const before = metaOf(object);
  const finalizers = applyPropagation(before.finalizers, options.propagationPolicy);
  const grace = BigInt(
    Math.max(0, ctx.strategy.deletionGracePeriod?.(object, options.gracePeriodSeconds) ?? 0),
  );
  const waiting = finalizers.length > 0 || kindFinalizers(ctx.type, object).length > 0;
  if (grace === 0n && !waiting) return undefined;
  const previousGrace = before.deletionGracePeriodSeconds;
  const shortened = previousGrace === undefined || grace < previousGrace;
  const finalizersChanged = finalizers.join("\n") !== before.finalizers.join("\n");
  if (before.deletionTimestamp && !shortened && !finalizersChanged) return object;
  const next = clone(ctx.type.schema as DescMessage, object) as T;
  const meta = metaOf(next);
  meta.finalizers = finalizers;
  if (!before.deletionTimestamp || shortened) {
    meta.deletionTimestamp = wholeSeconds(new Date(ctx.now().getTime() + Number(grace) * 1000));
    meta.deletionGracePeriodSeconds = grace;
  }
  markTerminating(ctx.type, next);
  return next;
}

/** Orphan and Foreground are carried out by the garbage collector through these finalizers. */
function applyPropagation(finalizers: readonly string[], policy: PropagationPolicy | undefined): string[] {
  if (policy === undefined) return [...finalizers];
  const others = finalizers.filter((finalizer) => finalizer !== ORPHAN && finalizer !== FOREGROUND);
  if (policy === "Orphan") return [...others, ORPHAN];
  if (policy === "Foreground") return [...others, FOREGROUND];
  return others;
}
