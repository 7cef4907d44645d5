import type { Namespace } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { abortableDelay, type Logger } from "@capstan/runtime";
import { NAMESPACE_FINALIZER } from "../registry/namespace-deletion.js";
import { metaOf } from "../registry/object-meta.js";
import type { Registry } from "../registry/registry.js";

/**
 * Finishes namespace deletion, the namespace controller's job, until a controller-manager does it: for
 * every Terminating namespace that still has the `kubernetes` finalizer it deletes the namespaced objects
 * inside, and once none is left removes the finalizer, which removes the namespace. Pods being deleted
 * gracefully keep it waiting until their kubelet confirms, as in Kubernetes. Level-triggered: every pass
 * re-reads the namespaces, so a missed change or a restart costs one interval at most.
 */
export async function runNamespaceCleaner(
  registry: Registry,
  logger: Logger,
  intervalMs: number,
  signal: AbortSignal,
): Promise<void> {
  const namespaces = registry.require("", "v1", "namespaces");
  while (!signal.aborted) {
    try {
      const { items } = await namespaces.list("");
      for (const namespace of items as Namespace[]) {
        if (signal.aborted) break;
        if (
          namespace.metadata?.deletionTimestamp &&
          namespace.spec?.finalizers.includes(NAMESPACE_FINALIZER)
        ) {
          await cleanNamespace(registry, namespace, logger);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, "namespace cleanup failed; retrying");
    }
    await abortableDelay(intervalMs, signal);
  }
}

async function cleanNamespace(registry: Registry, namespace: Namespace, logger: Logger): Promise<void> {
  const name = namespace.metadata?.name ?? "";
  let remaining = 0;
  for (const resource of registry.resources) {
    if (!resource.type.namespaced) continue;
    const touched = await resource.deleteCollection(name, {}, {});
    // Objects removed at once come back without a deletion mark; marked ones are still there.
    remaining += touched.filter((object) => metaOf(object).deletionTimestamp !== undefined).length;
  }
  if (remaining > 0) {
    logger.debug({ namespace: name, remaining }, "namespace still has content being deleted");
    return;
  }
  const finalizers =
    namespace.spec?.finalizers.filter((finalizer) => finalizer !== NAMESPACE_FINALIZER) ?? [];
  try {
    const { metadata, spec } = namespace;
    await registry
      .require("", "v1", "namespaces")
      .finalize(name, { ...namespace, metadata, spec: spec ? { ...spec, finalizers } : spec });
    logger.info({ namespace: name }, "namespace content deleted; namespace finalized");
  } catch (error) {
    if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
  }
}
