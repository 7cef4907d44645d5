import { type Pod, PodService, type ReplicaSet, ReplicaSetService } from "@capstan/api";
import { labelSelectorFromObject } from "@capstan/apimachinery";
import { type CacheChange, keyOf, type Lister } from "@capstan/client";
import { objectKey } from "@capstan/runtime";
import type { ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { controllerRefOf } from "../shared/controller-ref.js";
import { Expectations } from "../shared/expectations.js";
import { syncReplicaSet } from "./replicaset-sync.js";

/** The registry name, as in kube-controller-manager's `--controllers`. */
export const REPLICASET_CONTROLLER = "replicaset";

/** Keeps each ReplicaSet's `replicas` pods running. */
export const replicaSetControllerDescriptor: ControllerDescriptor = {
  name: REPLICASET_CONTROLLER,
  create(context) {
    const queue = createControllerQueue(context);
    const replicaSets = context.informers.forResource(ReplicaSetService);
    const pods = context.informers.forResource(PodService);
    const expectations = new Expectations(context.clock);
    replicaSets.addHandler((change) => {
      const key = keyOf(change.object);
      if (change.type === "deleted") expectations.delete(key);
      queue.add(key);
    });
    pods.addHandler((change) => {
      observe(change, replicaSets.lister, expectations);
      for (const key of ownerKeys(change, replicaSets.lister)) queue.add(key);
    });
    return createReconcileController({
      name: REPLICASET_CONTROLLER,
      context,
      queue,
      informers: [replicaSets, pods],
      reconcile: (key) =>
        syncReplicaSet(key, {
          replicaSets: replicaSets.lister,
          pods: pods.lister,
          replicaSetClient: context.client(ReplicaSetService),
          podClient: context.client(PodService),
          expectations,
          events: context.eventRecorder("replicaset-controller"),
          clock: context.clock,
        }),
    });
  },
};

/** The ReplicaSet that controls `pod`, by its controller reference (uid checked against the cache). */
function controllingReplicaSet(pod: Pod, replicaSets: Lister<ReplicaSet>): string | undefined {
  const ref = controllerRefOf(pod.metadata);
  if (ref?.kind !== "ReplicaSet") return undefined;
  const key = objectKey(pod.metadata?.namespace ?? "", ref.name);
  return replicaSets.get(key)?.metadata?.uid === ref.uid ? key : undefined;
}

/** Lowers the owner's expectations when its informer sees a pod appear or start to go. */
function observe(
  change: CacheChange<Pod>,
  replicaSets: Lister<ReplicaSet>,
  expectations: Expectations,
): void {
  const owner = controllingReplicaSet(change.object, replicaSets);
  if (!owner) return;
  const terminating = change.object.metadata?.deletionTimestamp !== undefined;
  const wasTerminating = change.previous?.metadata?.deletionTimestamp !== undefined;
  if (change.type === "added" && !terminating) expectations.creationObserved(owner);
  if (change.type === "deleted" || (terminating && !wasTerminating)) {
    expectations.deletionObserved(owner, keyOf(change.object));
  }
}

/**
 * The ReplicaSets to look at after a pod change: its controller now and before; for an orphan, every
 * ReplicaSet of its namespace whose selector matches it (one of them may adopt it).
 */
function ownerKeys(change: CacheChange<Pod>, replicaSets: Lister<ReplicaSet>): Set<string> {
  const keys = new Set<string>();
  for (const pod of change.previous ? [change.object, change.previous] : [change.object]) {
    const owner = controllingReplicaSet(pod, replicaSets);
    if (owner) keys.add(owner);
    else if (!controllerRefOf(pod.metadata))
      for (const key of matchingReplicaSets(pod, replicaSets)) keys.add(key);
  }
  return keys;
}

function matchingReplicaSets(pod: Pod, replicaSets: Lister<ReplicaSet>): string[] {
  const labels = pod.metadata?.labels ?? {};
  if (Object.keys(labels).length === 0) return [];
  return replicaSets
    .list({ namespace: pod.metadata?.namespace ?? "" })
    .filter((replicaSet) => {
      try {
        return labelSelectorFromObject(replicaSet.spec?.selector).matches(labels);
      } catch {
        return false;
      }
    })
    .map((replicaSet) => keyOf(replicaSet));
}
