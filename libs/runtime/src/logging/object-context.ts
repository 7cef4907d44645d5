/** What identifies a Kubernetes object in log lines. */
export interface ObjectRef {
  readonly kind: string;
  /** Empty or absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** Log fields for one object: `{ kind: "Pod", object: "default/web" }` (`object: "node-1"` when cluster-scoped). */
export interface ObjectContext {
  readonly kind: string;
  readonly object: string;
}

/** The `namespace/name` key (or bare `name` when cluster-scoped) used in logs and work queues. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The convention for object keys in logs: `logger.child(objectContext(ref))` gives every line of a
 * reconcile the same `kind` and `object` fields, so one object's history is one filter away.
 */
export function objectContext(ref: ObjectRef): ObjectContext {
  return { kind: ref.kind, object: objectKey(ref.namespace, ref.name) };
}
