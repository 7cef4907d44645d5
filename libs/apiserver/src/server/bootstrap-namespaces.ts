import { create } from "@bufbuild/protobuf";
import { NamespaceSchema } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { Registry } from "../registry/registry.js";

/** The namespaces every cluster has from the start. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
];

/** Creates the system namespaces that do not exist yet (several apiservers may race: that is fine). */
export async function bootstrapNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.require("", "v1", "namespaces");
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await namespaces.create("", create(NamespaceSchema, { metadata: { name } }));
    } catch (error) {
      if (!ApiError.is(error, "AlreadyExists")) throw error;
    }
  }
}
