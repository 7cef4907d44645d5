import { clone, type DescMessage, equals, type Message } from "@bufbuild/protobuf";
import { ApiError, fieldError } from "@capstan/apimachinery";
import { qualifiedKind, type ResourceContext } from "./context.js";
import { metaOf, revisionOf } from "./object-meta.js";
import type { StoredObject } from "./object-storage.js";
import type { WriteOptions } from "./options.js";

/** A resource message seen through its optional status. */
export type WithStatus = Message & { status?: Message };

/** The revision a write is conditional on (the body's resourceVersion), or undefined; 400 for garbage. */
export function pinnedRevision(object: Message): number | undefined {
  const resourceVersion = metaOf(object).resourceVersion;
  if (resourceVersion === "") return undefined;
  const revision = revisionOf(resourceVersion);
  if (revision === undefined)
    throw ApiError.badRequest(`invalid resource version: ${JSON.stringify(resourceVersion)}`);
  return revision;
}

/** 409 Conflict when the client wrote against a version that is no longer the stored one. */
export function checkPinned<T extends Message>(
  ctx: ResourceContext<T>,
  name: string,
  pinned: number | undefined,
  current: StoredObject<T>,
): void {
  if (pinned !== undefined && pinned !== current.kv.modRevision) {
    throw ApiError.conflict(ctx.storage.qualifiedResource, name);
  }
}

/**
 * Fields only the server sets are taken from the stored object: uid (a different one is refused),
 * creationTimestamp, deletion marks, generation (bumped later if the spec changed), managedFields.
 * While the object is being deleted no finalizer may be added.
 */
export function carrySystemMetadata<T extends Message>(ctx: ResourceContext<T>, next: T, old: T): void {
  const meta = metaOf(next);
  const before = metaOf(old);
  const errors = [];
  if (meta.uid && meta.uid !== before.uid) {
    errors.push(fieldError.invalid("metadata.uid", meta.uid, "field is immutable"));
  }
  if (before.deletionTimestamp) {
    const added = meta.finalizers.filter((finalizer) => !before.finalizers.includes(finalizer));
    if (added.length > 0) {
      errors.push(
        fieldError.forbidden(
          "metadata.finalizers",
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        ),
      );
    }
  }
  if (errors.length > 0) throw ApiError.invalid(qualifiedKind(ctx.type), before.name, errors);
  meta.name = before.name;
  meta.namespace = before.namespace;
  meta.uid = before.uid;
  meta.creationTimestamp = before.creationTimestamp;
  meta.deletionTimestamp = before.deletionTimestamp;
  meta.deletionGracePeriodSeconds = before.deletionGracePeriodSeconds;
  meta.generation = before.generation;
  meta.generateName = before.generateName;
  meta.selfLink = "";
  meta.managedFields = before.managedFields;
}

/** Runs the admission chain for an update of the object or of one of its subresources. */
export async function admitUpdate<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  name: string,
  object: T,
  oldObject: T,
  subresource: string | undefined,
  options: WriteOptions,
): Promise<void> {
  await ctx.admission.admit({
    operation: "UPDATE",
    strategy: ctx.strategy,
    ...(subresource ? { subresource } : {}),
    namespace,
    name,
    object,
    oldObject,
    dryRun: options.dryRun ?? false,
  });
}

/** True when anything but metadata and status differs: the change a controller must act on. */
export function desiredStateChanged<T extends Message>(ctx: ResourceContext<T>, next: T, old: T): boolean {
  const schema = ctx.type.schema as DescMessage;
  return !equals(schema, desiredState(next), desiredState(old));
}

function desiredState(object: Message): Message {
  return { ...object, apiVersion: "", kind: "", metadata: undefined, status: undefined } as Message;
}

/**
 * What a status write leaves: the stored object with the new status. Spec, labels, owner references,
 * finalizers and the rest of the metadata stay as stored, so a writer that knows only a pod's name and
 * status (a kubelet) cannot strip what controllers rely on. Annotations in the body are added to the stored
 * ones (never removed): Kubernetes' deployment controller records revisions through the status endpoint.
 */
export function withNewStatus<T extends Message>(ctx: ResourceContext<T>, current: T, input: T): T {
  const schema = ctx.type.schema as DescMessage;
  const next = clone(schema, current) as T;
  const source = clone(schema, input) as T;
  (next as WithStatus).status = (source as WithStatus).status;
  const meta = metaOf(next);
  meta.annotations = { ...meta.annotations, ...metaOf(source).annotations };
  return next;
}
