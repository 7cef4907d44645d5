import { ApiError } from "@capstan/apimachinery";
import type { ValidatingAdmissionPlugin } from "./admission.js";

/** What the plugin needs to know about a namespace. */
export interface NamespaceState {
  readonly terminating: boolean;
}

/** Reads a namespace; undefined when it does not exist. */
export type NamespaceLookup = (name: string) => Promise<NamespaceState | undefined>;

/** Namespaces that always exist and may not be deleted. */
export const PROTECTED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public"];

/**
 * Kubernetes' NamespaceLifecycle: nothing is created in a namespace that does not exist (404) or is being
 * deleted (403), and the system namespaces cannot be deleted (403).
 */
export function namespaceLifecyclePlugin(lookup: NamespaceLookup): ValidatingAdmissionPlugin {
  return {
    name: "NamespaceLifecycle",
    async validate(request) {
      const { type } = request.strategy;
      const resource = type.group ? `${type.resource}.${type.group}` : type.resource;
      if (request.operation === "DELETE" && type.group === "" && type.resource === "namespaces") {
        if (PROTECTED_NAMESPACES.includes(request.name)) {
          throw ApiError.forbidden(resource, request.name, "this namespace may not be deleted");
        }
        return;
      }
      if (request.operation !== "CREATE" || !type.namespaced || request.subresource !== undefined) return;
      const namespace = await lookup(request.namespace);
      if (!namespace) throw ApiError.notFound("namespaces", request.namespace);
      if (namespace.terminating) {
        throw ApiError.forbidden(
          resource,
          request.name,
          `unable to create new content in namespace ${request.namespace} because it is being terminated`,
        );
      }
    },
  };
}
