import type { Pod } from "@capstan/api";
import { type ChangeHandler, type KubeObject, keyOf, type Lister, type WorkQueue } from "@capstan/client";
import { objectKey } from "@capstan/runtime";
import { controllerRefOf } from "./controller-ref.js";
import type { Expectations } from "./expectations.js";

/** An owner kind as seen from its pods' controller references. */
interface OwnerKind<T extends KubeObject & { metadata?: { uid: string } }> {
  readonly kind: string;
  readonly owners: Lister<T>;
}

/** The key of the `kind` object that controls the pod (uid checked against the cache), if any. */
export function controllingOwner<T extends KubeObject & { metadata?: { uid: string } }>(
  pod: Pod,
  { kind, owners }: OwnerKind<T>,
): string | undefined {
  const ref = controllerRefOf(pod.metadata);
  if (ref?.kind !== kind) return undefined;
  const key = objectKey(pod.metadata?.namespace ?? "", ref.name);
  return owners.get(key)?.metadata?.uid === ref.uid ? key : undefined;
}

/**
 * The pod handler of a controller whose pods carry its controller reference (Job, DaemonSet): lowers the
 * owner's expectations when a pod appears or starts to go, and enqueues the owner before and after the
 * change. Orphans are not adopted by these controllers.
 */
export function ownedPodHandler<T extends KubeObject & { metadata?: { uid: string } }>(
  owner: OwnerKind<T>,
  expectations: Expectations,
  queue: WorkQueue,
): ChangeHandler<Pod> {
  return (change) => {
    const key = controllingOwner(change.object, owner);
    if (key) {
      const terminating = change.object.metadata?.deletionTimestamp !== undefined;
      const wasTerminating = change.previous?.metadata?.deletionTimestamp !== undefined;
      if (change.type === "added" && !terminating) expectations.creationObserved(key);
      if (change.type === "deleted" || (terminating && !wasTerminating)) {
        expectations.deletionObserved(key, keyOf(change.object));
      }
      queue.add(key);
    }
    const before = change.previous && controllingOwner(change.previous, owner);
    if (before && before !== key) queue.add(before);
  };
}
