import type { Pod, ReplicaSet } from "@capstan/api";
import { controllerRefOf } from "../shared/controller-ref.js";
import type { DeploymentSyncState } from "./deployment-state.js";
import { calculateStatus, isComplete, syncRolloutStatus } from "./deployment-status.js";
import { cleanupHistory } from "./history-cleanup.js";
import { syncRevision } from "./new-replica-set.js";
import { scaleReplicaSet } from "./replica-set-writes.js";
import { activeReplicaSets, totalStatus } from "./replica-sets.js";
import { desiredReplicas } from "./rolling-math.js";

/**
 * Kubernetes' rolloutRecreate: scale every old ReplicaSet to zero, wait until none of their pods is left
 * running, then create or scale up the new ReplicaSet to `replicas`.
 */
export async function rolloutRecreate(
  state: DeploymentSyncState,
  replicaSets: readonly ReplicaSet[],
  pods: readonly Pod[],
): Promise<void> {
  let { newReplicaSet, oldReplicaSets } = await syncRevision(state, replicaSets, false);
  let scaledDown = false;
  const olds: ReplicaSet[] = [];
  for (const replicaSet of oldReplicaSets) {
    if (activeReplicaSets([replicaSet]).length === 0) {
      olds.push(replicaSet);
      continue;
    }
    olds.push(await scaleReplicaSet(state, replicaSet, 0));
    scaledDown = true;
  }
  const all = () => (newReplicaSet ? [...olds, newReplicaSet] : olds);
  if (scaledDown || oldPodsRunning(olds, newReplicaSet, pods)) {
    await syncRolloutStatus(state, all(), newReplicaSet);
    return;
  }
  if (!newReplicaSet) ({ newReplicaSet, oldReplicaSets } = await syncRevision(state, replicaSets, true));
  if (newReplicaSet)
    newReplicaSet = await scaleReplicaSet(state, newReplicaSet, desiredReplicas(state.deployment));
  if (
    isComplete(
      state.deployment,
      calculateStatus(state.deployment, all(), newReplicaSet, state.deps.clock.now()),
    )
  ) {
    await cleanupHistory(state, olds);
  }
  await syncRolloutStatus(state, all(), newReplicaSet);
}

/** Any pod of an old ReplicaSet that has not finished (terminating ones included) blocks the new one. */
function oldPodsRunning(
  olds: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet | undefined,
  pods: readonly Pod[],
): boolean {
  if (totalStatus(olds, "replicas") > 0) return true;
  const oldUids = new Set(olds.map((replicaSet) => replicaSet.metadata?.uid ?? ""));
  oldUids.delete(newReplicaSet?.metadata?.uid ?? "");
  return pods.some((pod) => {
    const owner = controllerRefOf(pod.metadata)?.uid;
    const phase = pod.status?.phase;
    return owner !== undefined && oldUids.has(owner) && phase !== "Succeeded" && phase !== "Failed";
  });
}
