import type { ReplicaSet } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { DeploymentSyncState } from "./deployment-state.js";
import { byRevision, specReplicas } from "./replica-sets.js";

/**
 * Kubernetes' cleanupDeployment: deletes the oldest revisions beyond `revisionHistoryLimit`, but only
 * ReplicaSets that are scaled to zero, have no pods left and whose status is current.
 */
export async function cleanupHistory(
  state: DeploymentSyncState,
  oldReplicaSets: readonly ReplicaSet[],
): Promise<void> {
  const limit = state.deployment.spec?.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldReplicaSets.filter(
    (replicaSet) => replicaSet.metadata?.deletionTimestamp === undefined,
  );
  const excess = cleanable.length - limit;
  if (excess <= 0) return;
  const oldestFirst = [...cleanable].sort(byRevision).slice(0, excess);
  for (const replicaSet of oldestFirst) {
    const meta = replicaSet.metadata;
    const settled =
      (replicaSet.status?.replicas ?? 0) === 0 &&
      specReplicas(replicaSet) === 0 &&
      (meta?.generation ?? 0n) <= (replicaSet.status?.observedGeneration ?? 0n);
    if (!meta || !settled) continue;
    try {
      await state.deps.replicaSetClient.delete({
        namespace: meta.namespace,
        name: meta.name,
        options: { preconditions: { uid: meta.uid } },
      });
    } catch (error) {
      if (!ApiError.is(error, "NotFound")) throw error;
    }
  }
}
