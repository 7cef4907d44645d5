import { randomUUID } from "node:crypto";
import { create, type Message } from "@bufbuild/protobuf";
import { ApiError, fieldError, generateName } from "@capstan/apimachinery";
import type { ResourceContext } from "./context.js";
import { qualifiedKind } from "./context.js";
import { metaOf, wholeSeconds } from "./object-meta.js";
import type { WriteOptions } from "./options.js";

/** Replaces the status with an empty one (shown as `status: {}`, as Kubernetes shows a new object's). */
function resetStatus<T extends Message>(ctx: ResourceContext<T>, object: T): void {
  const field = ctx.type.schema.fields.find((candidate) => candidate.localName === "status");
  if (field?.message) (object as { status?: Message }).status = create(field.message);
}

/** How many generated names are tried before a create with generateName gives up. */
const GENERATE_NAME_ATTEMPTS = 8;

/**
 * Creates an object: fills the system metadata (uid, creationTimestamp, generation 1), drops a status the
 * client may not set, resolves generateName (a new suffix on collision), runs admission, and stores it. Returns the stored object with
 * its resourceVersion (none on dry run).
 */
export async function createObject<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  object: T,
  options: WriteOptions,
): Promise<T> {
  const meta = metaOf(object);
  if (meta.resourceVersion) {
    throw ApiError.badRequest("resourceVersion should not be set on objects to be created");
  }
  meta.namespace = ctx.type.namespaced ? namespace : "";
  meta.uid = randomUUID();
  meta.creationTimestamp = wholeSeconds(ctx.now());
  meta.deletionTimestamp = undefined;
  meta.deletionGracePeriodSeconds = undefined;
  meta.generation = 1n;
  meta.selfLink = "";
  meta.managedFields = [];
  if (ctx.type.subresources.includes("status") && !ctx.strategy.keepsStatusOnCreate) resetStatus(ctx, object);
  const generated = !meta.name && meta.generateName !== "";
  if (!meta.name && !generated) {
    throw ApiError.invalid(qualifiedKind(ctx.type), "", [
      fieldError.required("metadata.name", "name or generateName is required"),
    ]);
  }
  if (generated) meta.name = generateName(meta.generateName);
  await ctx.admission.admit({
    operation: "CREATE",
    strategy: ctx.strategy,
    namespace: meta.namespace,
    name: meta.name,
    object,
    dryRun: options.dryRun ?? false,
  });
  if (options.dryRun) {
    // A dry run answers what the real create would, including that the name is taken.
    if (await ctx.storage.read(meta.namespace, meta.name)) {
      throw ApiError.alreadyExists(ctx.storage.qualifiedResource, meta.name);
    }
    return ctx.storage.identify(object, 0);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.storage.create(meta.namespace, meta.name, object);
    } catch (error) {
      if (!generated || !ApiError.is(error, "AlreadyExists") || attempt >= GENERATE_NAME_ATTEMPTS)
        throw error;
      meta.name = generateName(meta.generateName);
    }
  }
}
