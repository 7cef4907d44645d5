import { create, type Message } from "@bufbuild/protobuf";
import { type Namespace, NamespaceStatusSchema, type ResourceType } from "@capstan/api";

/** The finalizer the namespace controller removes once a namespace's content is gone. */
export const NAMESPACE_FINALIZER = "kubernetes";

/** core/v1 namespaces, whose deletion waits for spec.finalizers as well as metadata.finalizers. */
export function isNamespaceType(type: Pick<ResourceType, "group" | "resource">): boolean {
  return type.group === "" && type.resource === "namespaces";
}

/**
 * Finalizers beyond metadata.finalizers that hold a deleted object back: a namespace's spec.finalizers
 * (Kubernetes keeps them apart so that only the namespace controller, through /finalize, removes them).
 */
export function kindFinalizers(type: ResourceType, object: Message): readonly string[] {
  return isNamespaceType(type) ? ((object as Namespace).spec?.finalizers ?? []) : [];
}

/** Records on an object being deleted that it is going away: a namespace's phase becomes Terminating. */
export function markTerminating(type: ResourceType, object: Message): void {
  if (!isNamespaceType(type)) return;
  const namespace = object as Namespace;
  namespace.status ??= create(NamespaceStatusSchema);
  namespace.status.phase = "Terminating";
}
