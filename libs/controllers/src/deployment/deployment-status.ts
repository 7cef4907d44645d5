import { clone, create, equals } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import {
  type Deployment,
  DeploymentConditionSchema,
  DeploymentSchema,
  type DeploymentStatus,
  DeploymentStatusSchema,
  type ReplicaSet,
} from "@capstan/api";
import { getCondition, newCondition, Reason, removeCondition, setCondition } from "./conditions.js";
import { type DeploymentSyncState, requeueAfter } from "./deployment-state.js";
import { totalSpecReplicas, totalStatus } from "./replica-sets.js";
import { desiredReplicas, maxUnavailable } from "./rolling-math.js";

/** Kubernetes treats a progress deadline of MaxInt32 as "none". */
const NO_DEADLINE = 2_147_483_647;

/** Counts from the ReplicaSets and the Available condition (Kubernetes' calculateStatus). */
export function calculateStatus(
  deployment: Deployment,
  all: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet | undefined,
  nowMs: number,
): DeploymentStatus {
  const available = totalStatus(all, "availableReplicas");
  const status = create(DeploymentStatusSchema, {
    observedGeneration: deployment.metadata?.generation ?? 0n,
    replicas: totalStatus(all, "replicas"),
    updatedReplicas: newReplicaSet ? totalStatus([newReplicaSet], "replicas") : 0,
    readyReplicas: totalStatus(all, "readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpecReplicas(all) - available),
    conditions: (deployment.status?.conditions ?? []).map((condition) =>
      clone(DeploymentConditionSchema, condition),
    ),
  });
  if (deployment.status?.collisionCount !== undefined)
    status.collisionCount = deployment.status.collisionCount;
  const minAvailable = desiredReplicas(deployment) - maxUnavailable(deployment);
  const availableCondition =
    available >= minAvailable
      ? newCondition(
          "Available",
          "True",
          Reason.minimumReplicasAvailable,
          "Deployment has minimum availability.",
          nowMs,
        )
      : newCondition(
          "Available",
          "False",
          Reason.minimumReplicasUnavailable,
          "Deployment does not have minimum availability.",
          nowMs,
        );
  setCondition(status, availableCondition);
  return status;
}

/** Every pod is updated and available and the spec was seen (Kubernetes' DeploymentComplete). */
export function isComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const desired = desiredReplicas(deployment);
  return (
    status.updatedReplicas === desired &&
    status.replicas === desired &&
    status.availableReplicas === desired &&
    status.observedGeneration >= (deployment.metadata?.generation ?? 0n)
  );
}

/** Something moved since the last status (Kubernetes' DeploymentProgressing). */
function isProgressing(deployment: Deployment, next: DeploymentStatus): boolean {
  const old = deployment.status;
  const oldOld = (old?.replicas ?? 0) - (old?.updatedReplicas ?? 0);
  const newOld = next.replicas - next.updatedReplicas;
  return (
    next.updatedReplicas > (old?.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    next.readyReplicas > (old?.readyReplicas ?? 0) ||
    next.availableReplicas > (old?.availableReplicas ?? 0)
  );
}

function deadlineSeconds(deployment: Deployment): number | undefined {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds === undefined || seconds === NO_DEADLINE ? undefined : seconds;
}

/** Ms left before the Progressing condition's last update passes the deadline (negative: passed). */
function msToDeadline(deployment: Deployment, status: DeploymentStatus, nowMs: number): number | undefined {
  const seconds = deadlineSeconds(deployment);
  const progressing = getCondition(status, "Progressing");
  if (seconds === undefined || !progressing?.lastUpdateTime) return undefined;
  return timestampMs(progressing.lastUpdateTime) + seconds * 1000 - nowMs;
}

/** Writes `status` unless the deployment already shows it. */
async function writeStatus(state: DeploymentSyncState, status: DeploymentStatus): Promise<boolean> {
  if (state.deployment.status && equals(DeploymentStatusSchema, state.deployment.status, status))
    return false;
  const next = clone(DeploymentSchema, state.deployment);
  next.status = status;
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
  return true;
}

/** Kubernetes' syncDeploymentStatus: counts and Available only (scaling, paused). */
export async function syncDeploymentStatus(
  state: DeploymentSyncState,
  all: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet | undefined,
): Promise<void> {
  await writeStatus(state, calculateStatus(state.deployment, all, newReplicaSet, state.deps.clock.now()));
}

/**
 * Kubernetes' syncRolloutStatus: counts plus the Progressing condition (NewReplicaSetAvailable when
 * complete, ReplicaSetUpdated while moving, ProgressDeadlineExceeded once stuck past the deadline) and
 * ReplicaFailure copied from the ReplicaSets; asks to be looked at again when the deadline falls due.
 */
export async function syncRolloutStatus(
  state: DeploymentSyncState,
  all: readonly ReplicaSet[],
  newReplicaSet: ReplicaSet | undefined,
): Promise<void> {
  const deployment = state.deployment;
  const now = state.deps.clock.now();
  const status = calculateStatus(deployment, all, newReplicaSet, now);
  const hasDeadline = deadlineSeconds(deployment) !== undefined;
  if (!hasDeadline) removeCondition(status, "Progressing");
  const current = getCondition(deployment.status, "Progressing");
  const completeAlready =
    status.replicas === status.updatedReplicas && current?.reason === Reason.newReplicaSetAvailable;
  const name = newReplicaSet?.metadata?.name ?? "";
  if (hasDeadline && !completeAlready) {
    if (isComplete(deployment, status)) {
      const message = `ReplicaSet "${name}" has successfully progressed.`;
      setCondition(status, newCondition("Progressing", "True", Reason.newReplicaSetAvailable, message, now));
    } else if (isProgressing(deployment, status)) {
      const message = newReplicaSet ? `ReplicaSet "${name}" is progressing.` : "Deployment is progressing.";
      const condition = newCondition("Progressing", "True", Reason.replicaSetUpdated, message, now);
      if (current?.status === "True") condition.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, "Progressing");
      setCondition(status, condition);
    } else if (timedOut(deployment, status, now)) {
      const message = `ReplicaSet "${name}" has timed out progressing.`;
      setCondition(
        status,
        newCondition("Progressing", "False", Reason.progressDeadlineExceeded, message, now),
      );
    }
  }
  copyReplicaFailure(status, newReplicaSet, all, now);
  await writeStatus(state, status);
  const left = msToDeadline(deployment, status, now);
  const progressing = getCondition(status, "Progressing");
  if (
    left !== undefined &&
    !isComplete(deployment, status) &&
    progressing?.reason !== Reason.progressDeadlineExceeded
  ) {
    requeueAfter(state, left < 1000 ? 0 : left);
  }
}

function timedOut(deployment: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  const progressing = getCondition(status, "Progressing");
  if (!progressing || progressing.reason === Reason.newReplicaSetAvailable) return false;
  if (progressing.reason === Reason.progressDeadlineExceeded) return true;
  const left = msToDeadline(deployment, status, nowMs);
  return left !== undefined && left < 0;
}

/** ReplicaFailure of the new ReplicaSet (else of any) shows on the deployment; cleared when none fails. */
function copyReplicaFailure(
  status: DeploymentStatus,
  newReplicaSet: ReplicaSet | undefined,
  all: readonly ReplicaSet[],
  nowMs: number,
): void {
  const failing = [newReplicaSet, ...all]
    .map((replicaSet) =>
      replicaSet?.status?.conditions.find((condition) => condition.type === "ReplicaFailure"),
    )
    .find((condition) => condition?.status === "True");
  if (!failing) {
    removeCondition(status, "ReplicaFailure");
    return;
  }
  setCondition(status, newCondition("ReplicaFailure", "True", failing.reason, failing.message, nowMs));
}
