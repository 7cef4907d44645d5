import type { ReplicaSet } from "@capstan/api";
import type { DeploymentSyncState } from "./deployment-state.js";
import { calculateStatus, isComplete, syncRolloutStatus } from "./deployment-status.js";
import { cleanupHistory } from "./history-cleanup.js";
import { syncRevision } from "./new-replica-set.js";
import { scaleReplicaSet } from "./replica-set-writes.js";
import {
  activeReplicaSets,
  byCreation,
  settledAvailable,
  specReplicas,
  totalSpecReplicas,
} from "./replica-sets.js";
import { desiredReplicas, maxUnavailable, newReplicaSetSize } from "./rolling-math.js";

/**
 * Kubernetes' rolloutRolling: grow the new ReplicaSet within maxSurge, or else shrink old ones within
 * maxUnavailable; one step per sync (the ReplicaSets' status changes bring the next one).
 */
export async function rolloutRolling(
  state: DeploymentSyncState,
  replicaSets: readonly ReplicaSet[],
): Promise<void> {
  const { newReplicaSet, oldReplicaSets } = await syncRevision(state, replicaSets, true);
  if (!newReplicaSet) return;
  let all = [...oldReplicaSets, newReplicaSet];
  const scaledNew = await reconcileNewReplicaSet(state, all, newReplicaSet);
  if (scaledNew !== newReplicaSet) {
    all = [...oldReplicaSets, scaledNew];
    await syncRolloutStatus(state, all, scaledNew);
    return;
  }
  const { scaled, oldReplicaSets: olds } = await reconcileOldReplicaSets(
    state,
    oldReplicaSets,
    newReplicaSet,
  );
  all = [...olds, newReplicaSet];
  if (scaled) {
    await syncRolloutStatus(state, all, newReplicaSet);
    return;
  }
  if (
    isComplete(
      state.deployment,
      calculateStatus(state.deployment, all, newReplicaSet, state.deps.clock.now()),
    )
  ) {
    await cleanupHistory(state, olds);
  }
  await syncRolloutStatus(state, all, newReplicaSet);
}

/** Scales the new ReplicaSet towards `replicas` as far as maxSurge allows; returns it as stored. */
async function reconcileNewReplicaSet(
  state: DeploymentSyncState,
  all: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet,
): Promise<ReplicaSet> {
  const desired = desiredReplicas(state.deployment);
  const current = specReplicas(newReplicaSet);
  if (current === desired) return newReplicaSet;
  if (current > desired) return scaleReplicaSet(state, newReplicaSet, desired);
  return scaleReplicaSet(
    state,
    newReplicaSet,
    newReplicaSetSize(state.deployment, totalSpecReplicas(all), current),
  );
}

/**
 * Shrinks old ReplicaSets as far as maxUnavailable allows: first their unavailable pods (they cost no
 * availability), then available ones while the total available stays above replicas - maxUnavailable.
 */
async function reconcileOldReplicaSets(
  state: DeploymentSyncState,
  oldReplicaSets: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet,
): Promise<{ scaled: boolean; oldReplicaSets: ReplicaSet[] }> {
  let olds = [...oldReplicaSets];
  const oldPods = totalSpecReplicas(activeReplicaSets(olds));
  if (oldPods === 0) return { scaled: false, oldReplicaSets: olds };
  const minAvailable = desiredReplicas(state.deployment) - maxUnavailable(state.deployment);
  const newUnavailable = specReplicas(newReplicaSet) - settledAvailable([newReplicaSet]);
  const maxScaledDown = totalSpecReplicas([...olds, newReplicaSet]) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { scaled: false, oldReplicaSets: olds };
  const cleaned = await cleanupUnhealthyReplicas(state, olds, maxScaledDown);
  olds = cleaned.oldReplicaSets;
  const scaledDown = await scaleDownOldForRollingUpdate(state, olds, newReplicaSet);
  return { scaled: cleaned.scaledDown + scaledDown.count > 0, oldReplicaSets: scaledDown.oldReplicaSets };
}

/** Removes unavailable pods of old ReplicaSets, oldest set first, up to `maxCleanup`. */
async function cleanupUnhealthyReplicas(
  state: DeploymentSyncState,
  oldReplicaSets: ReplicaSet[],
  maxCleanup: number,
): Promise<{ scaledDown: number; oldReplicaSets: ReplicaSet[] }> {
  const sorted = [...oldReplicaSets].sort(byCreation);
  let total = 0;
  for (let index = 0; index < sorted.length && total < maxCleanup; index++) {
    const replicaSet = sorted[index] as ReplicaSet;
    const size = specReplicas(replicaSet);
    const unavailable = size - (replicaSet.status?.availableReplicas ?? 0);
    if (size === 0 || unavailable <= 0) continue;
    const count = Math.min(maxCleanup - total, unavailable);
    sorted[index] = await scaleReplicaSet(state, replicaSet, size - count);
    total += count;
  }
  return { scaledDown: total, oldReplicaSets: sorted };
}

/** Scales old ReplicaSets down, oldest first, by what is available beyond replicas - maxUnavailable. */
async function scaleDownOldForRollingUpdate(
  state: DeploymentSyncState,
  oldReplicaSets: ReplicaSet[],
  newReplicaSet: ReplicaSet,
): Promise<{ count: number; oldReplicaSets: ReplicaSet[] }> {
  const minAvailable = desiredReplicas(state.deployment) - maxUnavailable(state.deployment);
  const available = settledAvailable([...oldReplicaSets, newReplicaSet]);
  const allowed = available - minAvailable;
  if (allowed <= 0) return { count: 0, oldReplicaSets };
  const sorted = [...oldReplicaSets].sort(byCreation);
  let total = 0;
  for (let index = 0; index < sorted.length && total < allowed; index++) {
    const replicaSet = sorted[index] as ReplicaSet;
    const size = specReplicas(replicaSet);
    if (size === 0) continue;
    const count = Math.min(size, allowed - total);
    sorted[index] = await scaleReplicaSet(state, replicaSet, size - count);
    total += count;
  }
  return { count: total, oldReplicaSets: sorted };
}
