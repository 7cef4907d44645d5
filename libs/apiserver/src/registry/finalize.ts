import { clone, create } from "@bufbuild/protobuf";
import { type Namespace, NamespaceSchema, NamespaceSpecSchema } from "@capstan/api";
import type { ResourceContext } from "./context.js";
import { guaranteedUpdate, type WriteResult } from "./guaranteed-update.js";
import type { WriteOptions } from "./options.js";
import { admitUpdate, checkPinned, pinnedRevision } from "./update-rules.js";

/**
 * PUT namespaces/<name>/finalize: replaces only spec.finalizers (what the namespace controller does once
 * the namespace is empty). Emptying them on a Terminating namespace removes it.
 */
export function finalizeNamespace(
  ctx: ResourceContext<Namespace>,
  name: string,
  input: Namespace,
  options: WriteOptions,
): Promise<WriteResult<Namespace>> {
  const pinned = pinnedRevision(input);
  return guaranteedUpdate(
    ctx,
    "",
    name,
    async (current) => {
      checkPinned(ctx, name, pinned, current);
      const next = clone(NamespaceSchema, current.object);
      next.spec ??= create(NamespaceSpecSchema);
      next.spec.finalizers = [...(input.spec?.finalizers ?? [])];
      await admitUpdate(ctx, "", name, next, current.object, "finalize", options);
      return next;
    },
    { dryRun: options.dryRun, retryOnConflict: pinned === undefined },
  );
}
