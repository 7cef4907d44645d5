import type { Namespace } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { NamespaceLookup } from "../admission/namespace-lifecycle.js";
import type { Registry } from "../registry/registry.js";

/**
 * Reads namespaces through the registry for the NamespaceLifecycle plugin. The registry is passed lazily
 * because the admission chain is built before it.
 */
export function namespaceLookup(registry: () => Registry | undefined): NamespaceLookup {
  return async (name) => {
    const namespaces = registry()?.require("", "v1", "namespaces");
    if (!namespaces) return undefined;
    try {
      const namespace = (await namespaces.get("", name)) as Namespace;
      const terminating =
        namespace.metadata?.deletionTimestamp !== undefined || namespace.status?.phase === "Terminating";
      return { terminating };
    } catch (error) {
      if (ApiError.is(error, "NotFound")) return undefined;
      throw error;
    }
  };
}
