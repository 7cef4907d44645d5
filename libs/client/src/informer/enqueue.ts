import type { WorkQueue } from "../workqueue/work-queue.js";
import type { ChangeHandler } from "./informer.js";
import { type KubeObject, keyOf } from "./object.js";

/**
 * The usual handler: put the changed object's key on the queue and nothing else (the reconcile reads the
 * cache). `mapToKeys` maps an object to other keys instead, e.g. a Pod to its owner's key.
 */
export function enqueueKeys<T extends KubeObject>(
  queue: WorkQueue,
  mapToKeys: (object: T) => readonly string[] = (object) => [keyOf(object)],
): ChangeHandler<T> {
  return (change) => {
    for (const key of mapToKeys(change.object)) queue.add(key);
    if (change.previous) for (const key of mapToKeys(change.previous)) queue.add(key);
  };
}
