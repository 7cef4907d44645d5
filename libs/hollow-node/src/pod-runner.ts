import { type Pod, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, type GrpcTransport, type Lister } from "@capstan/client";
import type { Logger } from "@capstan/runtime";
import type { HollowNode } from "./hollow-node.js";
import { isRunningOn, runningStatus } from "./pod-status.js";

const MAX_CONFLICT_RETRIES = 5;

/**
 * What the hollow kubelets do with a pod bound to one of them, given only its key (level-triggered): a pod
 * being deleted is deleted for good (grace 0, as a kubelet does once its containers stopped); any other pod
 * gets a Running status with an IP from its node's range. Pods of other or stopped nodes are left alone.
 */
export function createPodRunner(
  transport: GrpcTransport,
  pods: Lister<Pod>,
  nodes: ReadonlyMap<string, HollowNode>,
  logger: Logger,
) {
  const client = createGrpcClient(PodService, transport);
  /** The IP each pod got (by key, with the uid so a new pod of the same name gets its own). */
  const assigned = new Map<string, { uid: string; ip: string; node: HollowNode }>();

  const release = (key: string) => {
    const held = assigned.get(key);
    if (!held) return;
    held.node.podIps.release(held.ip);
    assigned.delete(key);
  };

  const ipFor = (key: string, pod: Pod, node: HollowNode): string | undefined => {
    const uid = pod.metadata?.uid ?? "";
    const held = assigned.get(key);
    if (held?.uid === uid && held.node === node) return held.ip;
    release(key);
    const ip = node.podIps.take();
    if (ip !== undefined) assigned.set(key, { uid, ip, node });
    return ip;
  };

  const finishDeletion = async (pod: Pod, signal: AbortSignal) => {
    const { namespace = "", name = "", uid } = pod.metadata ?? {};
    try {
      await client.delete(
        { namespace, name, options: { gracePeriodSeconds: 0n, preconditions: { uid } } },
        { signal },
      );
    } catch (error) {
      // Gone already, or replaced by a new pod of the same name (the uid precondition failed): nothing to do.
      if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
    }
  };

  const markRunning = async (key: string, first: Pod, node: HollowNode, signal: AbortSignal) => {
    let pod = first;
    for (let attempt = 1; ; attempt++) {
      const ip = ipFor(key, pod, node);
      if (ip === undefined) {
        logger.warn({ pod: key, node: node.name }, "no pod IP left on the node; leaving the pod pending");
        return;
      }
      try {
        await client.updateStatus({ ...pod, status: runningStatus(pod, node.hostIp, ip) }, { signal });
        return;
      } catch (error) {
        if (!ApiError.is(error, "Conflict") || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
      const { namespace = "", name = "" } = pod.metadata ?? {};
      try {
        pod = await client.get({ namespace, name }, { signal });
      } catch (error) {
        if (ApiError.is(error, "NotFound")) return;
        throw error;
      }
      if (pod.spec?.nodeName !== node.name || pod.metadata?.deletionTimestamp) return;
    }
  };

  /** Reconciles one pod key; throws to be retried with backoff. */
  return async function reconcilePod(key: string, { signal }: { signal: AbortSignal }): Promise<void> {
    const pod = pods.get(key);
    const node = pod ? nodes.get(pod.spec?.nodeName ?? "") : undefined;
    if (!pod || !node) {
      release(key);
      return;
    }
    if (node.stopped) return;
    if (pod.metadata?.deletionTimestamp) {
      await finishDeletion(pod, signal);
      release(key);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed" || isRunningOn(pod, node.hostIp)) return;
    await markRunning(key, pod, node, signal);
  };
}
