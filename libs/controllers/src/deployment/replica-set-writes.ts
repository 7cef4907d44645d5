import { clone } from "@bufbuild/protobuf";
import { type Deployment, type ReplicaSet, ReplicaSetSchema } from "@capstan/api";
import { setReplicasAnnotations } from "./annotations.js";
import type { DeploymentSyncState } from "./deployment-state.js";
import { specReplicas } from "./replica-sets.js";
import { desiredReplicas, maxSurge } from "./rolling-math.js";

/**
 * Kubernetes' scaleReplicaSet: sets `replicas` and the desired/max annotations (written even without a
 * size change, so scaling events are recognised later), records ScalingReplicaSet. Returns the stored
 * ReplicaSet, or the given one when nothing had to change.
 */
export async function scaleReplicaSet(
  state: DeploymentSyncState,
  replicaSet: ReplicaSet,
  newScale: number,
): Promise<ReplicaSet> {
  const deployment: Deployment = state.deployment;
  const oldScale = specReplicas(replicaSet);
  const copy = clone(ReplicaSetSchema, replicaSet);
  const meta = copy.metadata;
  if (!meta || !copy.spec) return replicaSet;
  const desired = desiredReplicas(deployment);
  const annotationsChanged = setReplicasAnnotations(
    meta.annotations,
    desired,
    desired + maxSurge(deployment),
  );
  if (oldScale === newScale && !annotationsChanged) return replicaSet;
  copy.spec.replicas = newScale;
  const stored = await state.deps.replicaSetClient.update(copy);
  if (oldScale !== newScale) {
    const direction = newScale > oldScale ? "up" : "down";
    state.deps.events.event(
      deployment,
      "Normal",
      "ScalingReplicaSet",
      `Scaled ${direction} replica set ${meta.name} from ${oldScale} to ${newScale}`,
    );
  }
  return stored;
}
