import type { Node, Pod } from "@capstan/api";
import type { CacheChange } from "@capstan/client";
import { readinessTaint } from "../plugins/node-readiness/node-readiness.js";
import { isPendingFor } from "./pending.js";
import { podKey, type SchedulerCache } from "./scheduler-cache.js";
import type { SchedulingQueue } from "./scheduling-queue.js";

/** What informer changes update: the cache, the queue, and the set of pods that fit nowhere last time. */
export interface ClusterEventTargets {
  readonly cache: SchedulerCache;
  readonly queue: Pick<SchedulingQueue, "add">;
  readonly unschedulable: Set<string>;
  readonly schedulerName: string;
}

function retryUnschedulable(targets: ClusterEventTargets): void {
  for (const key of targets.unschedulable) targets.queue.add(key);
}

/** Keeps the cache in step with a pod change, queues pods waiting for us, and retries on freed room. */
export function onPodChange(change: CacheChange<Pod>, targets: ClusterEventTargets): void {
  const pod = change.object;
  const key = podKey(pod);
  if (change.type === "deleted") {
    targets.cache.removePod(key);
    targets.unschedulable.delete(key);
    // Its resources are free now: pods that did not fit may fit.
    if (pod.spec?.nodeName) retryUnschedulable(targets);
    return;
  }
  targets.cache.setPod(pod);
  // A pod already found unschedulable waits for its backoff or a cluster change, not for its own status
  // update (which the scheduler itself just wrote).
  if (isPendingFor(pod, targets.schedulerName) && !targets.unschedulable.has(key)) targets.queue.add(key);
}

/** Keeps the cache in step with a node change; a new node, or one whose fit-relevant fields changed, retries. */
export function onNodeChange(change: CacheChange<Node>, targets: ClusterEventTargets): void {
  const node = change.object;
  if (change.type === "deleted") {
    targets.cache.removeNode(node.metadata?.name ?? "");
    return;
  }
  targets.cache.setNode(node);
  if (!change.previous || schedulingFacts(change.previous) !== schedulingFacts(node)) {
    retryUnschedulable(targets);
  }
}

/**
 * The fields of a node the filters read (readiness as NodeReadiness sees it, not heartbeat times), as one
 * string: a heartbeat that changes none of them cannot make a pod fit, so it must not wake every
 * unschedulable pod.
 */
export function schedulingFacts(node: Node): string {
  return JSON.stringify([
    node.metadata?.labels ?? {},
    node.spec?.unschedulable ?? false,
    (node.spec?.taints ?? []).map((taint) => [taint.key, taint.value, taint.effect]),
    node.status?.allocatable ?? {},
    node.status?.capacity ?? {},
    readinessTaint(node)?.key ?? "",
  ]);
}
