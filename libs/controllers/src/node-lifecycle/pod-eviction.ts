import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Node, NodeService, Pod, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { Clock, GrpcClient, Lister, ReconcileResult } from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";
import { readyCondition } from "./node-health.js";
import { evictionTime } from "./taint-eviction.js";

export interface PodEvictionDeps {
  readonly pods: Lister<Pod>;
  readonly nodes: Lister<Node>;
  readonly podClient: GrpcClient<typeof PodService>;
  readonly nodeClient: GrpcClient<typeof NodeService>;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
}

const ignoreGone = (error: unknown) => {
  // Gone already, or a new pod of the same name (the uid precondition failed).
  if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
};

/**
 * The pod half, per pod key: Kubernetes' taint eviction (a pod on a node with a NoExecute taint it does not
 * tolerate, or no longer tolerates after tolerationSeconds, is deleted, with a TaintManagerEviction event),
 * plus the part of its pod garbage collector that keeps deletions from hanging on a dead kubelet.
 *
 * Decision (documented for operators): a pod being deleted on an unreachable node (Ready=Unknown) is force
 * deleted (grace 0) once its deletion grace period has run out, and a pod bound to a node that no longer
 * exists is force deleted at once. Kubernetes leaves the first kind Terminating until the node returns or
 * gets the out-of-service taint; here a node that stayed silent past its pods' grace periods is taken to be
 * gone, so names (StatefulSet-style) and quotas free up. Replacements do not wait for this: a ReplicaSet
 * already ignores pods that are being deleted.
 */
export function createPodEviction(deps: PodEvictionDeps) {
  const forceDelete = (pod: Pod) =>
    deps.podClient
      .delete({
        namespace: pod.metadata?.namespace ?? "",
        name: pod.metadata?.name ?? "",
        options: { gracePeriodSeconds: 0n, preconditions: { uid: pod.metadata?.uid } },
      })
      .catch(ignoreGone);

  const nodeIsGone = async (name: string) => {
    try {
      await deps.nodeClient.get({ namespace: "", name });
      return false;
    } catch (error) {
      if (ApiError.is(error, "NotFound")) return true;
      throw error;
    }
  };

  return async function reconcilePod(key: string): Promise<ReconcileResult | undefined> {
    const pod = deps.pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return undefined;
    const node = deps.nodes.get(nodeName);
    if (!node) {
      if (await nodeIsGone(nodeName)) await forceDelete(pod);
      return undefined;
    }
    const now = deps.clock.now();
    const deletion = pod.metadata?.deletionTimestamp;
    if (deletion) {
      if (readyCondition(node)?.status !== "Unknown") return undefined;
      const due = timestampMs(deletion) - now;
      if (due > 0) return { requeueAfter: due };
      await forceDelete(pod);
      return undefined;
    }
    const at = evictionTime(pod, node.spec?.taints ?? [], now);
    if (at === undefined) return undefined;
    if (at > now) return { requeueAfter: at - now };
    deps.events.event(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`);
    await deps.podClient
      .delete({
        namespace: pod.metadata?.namespace ?? "",
        name: pod.metadata?.name ?? "",
        options: { preconditions: { uid: pod.metadata?.uid } },
      })
      .catch(ignoreGone);
    return undefined;
  };
}
