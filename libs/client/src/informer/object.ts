import { objectKey } from "@capstan/runtime";

/** The metadata every informer needs from an object (a structural subset of the generated ObjectMeta). */
export interface ObjectMetaLike {
  name: string;
  namespace: string;
  resourceVersion: string;
  labels: { [key: string]: string };
}

/** Any API object: the generated messages (Pod, Node, ...) all fit. */
export interface KubeObject {
  metadata?: ObjectMetaLike | undefined;
}

/** The cache and work-queue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function keyOf(object: KubeObject): string {
  const meta = object.metadata;
  if (!meta?.name) throw new TypeError("an object without metadata.name has no key");
  return objectKey(meta.namespace, meta.name);
}

/** The object's resourceVersion, or "" when it has none. */
export function revisionOf(object: KubeObject): string {
  return object.metadata?.resourceVersion ?? "";
}
