import type { Deployment, ReplicaSet } from "@capstan/api";
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation, MAX_REPLICAS_ANNOTATION } from "./annotations.js";
import type { DeploymentSyncState } from "./deployment-state.js";
import { scaleReplicaSet } from "./replica-set-writes.js";
import { activeReplicaSets, byCreation, bySize, specReplicas, totalSpecReplicas } from "./replica-sets.js";
import { desiredReplicas, isRollingUpdate, maxSurge } from "./rolling-math.js";

/** True when some active ReplicaSet was last sized for another `replicas` (Kubernetes' isScalingEvent). */
export function isScalingEvent(deployment: Deployment, replicaSets: readonly ReplicaSet[]): boolean {
  const desired = desiredReplicas(deployment);
  return activeReplicaSets(replicaSets).some((replicaSet) => {
    const annotated = intAnnotation(replicaSet.metadata?.annotations, DESIRED_REPLICAS_ANNOTATION);
    return annotated !== undefined && annotated !== desired;
  });
}

/**
 * How many replicas one ReplicaSet gets of `toAdd` (negative: gives up), in proportion to its share of
 * the size the ReplicaSets were last scaled for (Kubernetes' GetProportion and getReplicaSetFraction).
 */
export function proportionOf(
  deployment: Deployment,
  replicaSet: ReplicaSet,
  toAdd: number,
  added: number,
): number {
  const size = specReplicas(replicaSet);
  if (size === 0 || toAdd === 0 || toAdd === added) return 0;
  const desired = desiredReplicas(deployment);
  let fraction: number;
  if (desired === 0) fraction = -size;
  else {
    const target = desired + maxSurge(deployment);
    const annotated =
      intAnnotation(replicaSet.metadata?.annotations, MAX_REPLICAS_ANNOTATION) ??
      deployment.status?.replicas ??
      0;
    fraction = annotated === 0 ? 0 : Math.round((size * target) / annotated) - size;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The new size of each ReplicaSet when a rolling deployment is resized mid-rollout: the difference to
 * replicas + maxSurge is spread in proportion, leftovers to the largest (Kubernetes' scale()).
 */
export function proportionalSizes(
  deployment: Deployment,
  active: readonly ReplicaSet[],
): Map<ReplicaSet, number> {
  const desired = desiredReplicas(deployment);
  const allowed = desired > 0 ? desired + maxSurge(deployment) : 0;
  const toAdd = allowed - totalSpecReplicas(active);
  const ordered = [...active].sort(bySize(toAdd > 0));
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const replicaSet of ordered) {
    const proportion = toAdd === 0 ? 0 : proportionOf(deployment, replicaSet, toAdd, added);
    sizes.set(replicaSet, specReplicas(replicaSet) + proportion);
    added += proportion;
  }
  const largest = ordered[0];
  if (largest && toAdd !== 0) sizes.set(largest, Math.max(0, (sizes.get(largest) ?? 0) + toAdd - added));
  return sizes;
}

/** Kubernetes' scale(): resize the ReplicaSets for a new `replicas` without moving the rollout forward. */
export async function scaleDeployment(
  state: DeploymentSyncState,
  newReplicaSet: ReplicaSet | undefined,
  oldReplicaSets: readonly ReplicaSet[],
): Promise<void> {
  const deployment = state.deployment;
  const desired = desiredReplicas(deployment);
  const all = newReplicaSet ? [newReplicaSet, ...oldReplicaSets] : [...oldReplicaSets];
  const active = activeReplicaSets(all);
  const only =
    active.length === 1
      ? active[0]
      : active.length === 0
        ? (newReplicaSet ?? latest(oldReplicaSets))
        : undefined;
  if (only) {
    if (specReplicas(only) !== desired) await scaleReplicaSet(state, only, desired);
    return;
  }
  if (newReplicaSet && isSaturated(deployment, newReplicaSet)) {
    for (const old of activeReplicaSets(oldReplicaSets)) await scaleReplicaSet(state, old, 0);
    return;
  }
  if (!isRollingUpdate(deployment)) return;
  for (const [replicaSet, size] of proportionalSizes(deployment, active))
    await scaleReplicaSet(state, replicaSet, size);
}

function latest(replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(byCreation).at(-1);
}

/** The new ReplicaSet alone already runs `replicas` available pods (Kubernetes' IsSaturated). */
function isSaturated(deployment: Deployment, newReplicaSet: ReplicaSet): boolean {
  const desired = desiredReplicas(deployment);
  const annotated = intAnnotation(newReplicaSet.metadata?.annotations, DESIRED_REPLICAS_ANNOTATION);
  return (
    specReplicas(newReplicaSet) === desired &&
    annotated === desired &&
    (newReplicaSet.status?.availableReplicas ?? 0) === desired
  );
}
