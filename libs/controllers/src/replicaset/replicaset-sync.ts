import { clone } from "@bufbuild/protobuf";
import {
  type Pod,
  PodSchema,
  type PodService,
  type ReplicaSet,
  ReplicaSetSchema,
  type ReplicaSetService,
} from "@capstan/api";
import { ApiError, labelSelectorFromObject } from "@capstan/apimachinery";
import {
  type Clock,
  type GrpcClient,
  keyOf,
  type Lister,
  type ReconcileResult,
  TerminalError,
} from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";
import { assertSameOwner, claimChildren } from "../shared/claim.js";
import { newControllerRef, type OwnerIdentity } from "../shared/controller-ref.js";
import type { Expectations } from "../shared/expectations.js";
import { podFromTemplate } from "../shared/pod-from-template.js";
import { isPodActive } from "../shared/pod-state.js";
import { slowStartBatch } from "../shared/slow-start.js";
import { podsToDelete } from "./pod-ranking.js";
import { calculateStatus, type ManageFailure, sameStatus } from "./replicaset-status.js";

/** Most pods one sync creates or deletes (Kubernetes' burstReplicas); the next sync does the rest. */
export const BURST_REPLICAS = 500;

/** What a ReplicaSet sync reads and writes. */
export interface ReplicaSetSyncDeps {
  readonly replicaSets: Lister<ReplicaSet>;
  readonly pods: Lister<Pod>;
  readonly replicaSetClient: GrpcClient<typeof ReplicaSetService>;
  readonly podClient: GrpcClient<typeof PodService>;
  readonly expectations: Expectations;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
}

/** The identity a ReplicaSet's pods point at. */
export function replicaSetIdentity(replicaSet: ReplicaSet): OwnerIdentity {
  const meta = replicaSet.metadata;
  return { apiVersion: "apps/v1", kind: "ReplicaSet", name: meta?.name ?? "", uid: meta?.uid ?? "" };
}

/**
 * One level-triggered pass over a ReplicaSet (Kubernetes' syncReplicaSet): claim the matching pods, create
 * or delete the difference to `replicas` (unless earlier writes are still unseen), then write the status.
 */
export async function syncReplicaSet(key: string, deps: ReplicaSetSyncDeps): Promise<ReplicaSetResult> {
  const replicaSet = deps.replicaSets.get(key);
  if (!replicaSet?.metadata || !replicaSet.spec) {
    deps.expectations.delete(key);
    return undefined;
  }
  const meta = replicaSet.metadata;
  let selector: ReturnType<typeof labelSelectorFromObject>;
  try {
    selector = labelSelectorFromObject(replicaSet.spec.selector);
  } catch (error) {
    throw new TerminalError(`ReplicaSet ${key} has an invalid selector: ${String(error)}`);
  }
  const identity = replicaSetIdentity(replicaSet);
  const pods = await claimChildren<Pod>({
    owner: { ...identity, deleting: meta.deletionTimestamp !== undefined },
    selector,
    candidates: deps.pods.list({ namespace: meta.namespace }).filter(isPodActive),
    updateOwnerRefs: (pod, ownerReferences) => {
      const copy = clone(PodSchema, pod);
      if (copy.metadata) copy.metadata.ownerReferences = ownerReferences;
      return deps.podClient.update(copy);
    },
    recheckOwner: async () =>
      assertSameOwner(
        await deps.replicaSetClient.get({ namespace: meta.namespace, name: meta.name }),
        identity,
      ),
  });
  const needsSync = deps.expectations.satisfied(key) && meta.deletionTimestamp === undefined;
  const failure = needsSync ? await manageReplicas(key, replicaSet, pods, deps) : undefined;
  const now = deps.clock.now();
  const status = calculateStatus(replicaSet, pods, failure, now);
  if (!sameStatus(replicaSet.status, status)) {
    const copy = clone(ReplicaSetSchema, replicaSet);
    copy.status = status;
    await deps.replicaSetClient.updateStatus(copy);
  }
  if (failure) throw new Error(`${failure.reason}: ${failure.message}`);
  const desired = replicaSet.spec.replicas ?? 1;
  const minReady = replicaSet.spec.minReadySeconds;
  // Ready pods turn available only with time: look again once minReadySeconds have passed.
  if (minReady > 0 && status.readyReplicas === desired && status.availableReplicas !== desired) {
    return { requeueAfter: minReady * 1000 };
  }
  return undefined;
}

type ReplicaSetResult = ReconcileResult | undefined;

/** Creates or deletes pods towards `replicas`; returns what failed, if anything. */
async function manageReplicas(
  key: string,
  replicaSet: ReplicaSet,
  pods: readonly Pod[],
  deps: ReplicaSetSyncDeps,
): Promise<ManageFailure | undefined> {
  const diff = pods.length - (replicaSet.spec?.replicas ?? 1);
  if (diff < 0) return createPods(key, replicaSet, Math.min(-diff, BURST_REPLICAS), deps);
  if (diff > 0) return deletePods(key, replicaSet, podsToDelete(pods, Math.min(diff, BURST_REPLICAS)), deps);
  return undefined;
}

async function createPods(
  key: string,
  replicaSet: ReplicaSet,
  count: number,
  deps: ReplicaSetSyncDeps,
): Promise<ManageFailure | undefined> {
  const meta = replicaSet.metadata;
  const namespace = meta?.namespace ?? "";
  const ref = newControllerRef(replicaSetIdentity(replicaSet));
  deps.expectations.expect(key, count);
  const { succeeded, error } = await slowStartBatch(count, 1, async () => {
    const pod = podFromTemplate(replicaSet.spec?.template, namespace, `${meta?.name}-`, ref);
    const created = await deps.podClient.create(pod);
    deps.events.event(replicaSet, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata?.name}`);
  });
  // Pods that were never created will never be observed.
  if (succeeded < count) deps.expectations.creationObserved(key, count - succeeded);
  if (error === undefined) return undefined;
  const message = ApiError.from(error).message;
  deps.events.event(replicaSet, "Warning", "FailedCreate", `Error creating: ${message}`);
  return { reason: "FailedCreate", message };
}

async function deletePods(
  key: string,
  replicaSet: ReplicaSet,
  victims: readonly Pod[],
  deps: ReplicaSetSyncDeps,
): Promise<ManageFailure | undefined> {
  const keys = victims.map((pod) => keyOf(pod));
  deps.expectations.expect(key, 0, keys);
  const { error } = await slowStartBatch(victims.length, victims.length, async (index) => {
    const pod = victims[index] as Pod;
    const podKey = keys[index] as string;
    try {
      await deps.podClient.delete({
        namespace: pod.metadata?.namespace ?? "",
        name: pod.metadata?.name ?? "",
        options: { preconditions: { uid: pod.metadata?.uid ?? "" } },
      });
    } catch (error) {
      deps.expectations.deletionObserved(key, podKey);
      if (ApiError.is(error, "NotFound") || ApiError.is(error, "Conflict")) return;
      throw error;
    }
    deps.events.event(replicaSet, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata?.name}`);
  });
  if (error === undefined) return undefined;
  const message = ApiError.from(error).message;
  deps.events.event(replicaSet, "Warning", "FailedDelete", `Error deleting: ${message}`);
  return { reason: "FailedDelete", message };
}
