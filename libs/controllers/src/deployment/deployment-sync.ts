import { clone, create } from "@bufbuild/protobuf";
import {
  type Deployment,
  DeploymentSchema,
  DeploymentStatusSchema,
  type ReplicaSet,
  ReplicaSetSchema,
} from "@capstan/api";
import { labelSelectorFromObject } from "@capstan/apimachinery";
import { type ReconcileResult, TerminalError } from "@capstan/client";
import { assertSameOwner, claimChildren } from "../shared/claim.js";
import type { OwnerIdentity } from "../shared/controller-ref.js";
import { controllerRefOf } from "../shared/controller-ref.js";
import { getCondition, newCondition, Reason, setCondition } from "./conditions.js";
import type { DeploymentSyncDeps, DeploymentSyncState } from "./deployment-state.js";
import { syncDeploymentStatus } from "./deployment-status.js";
import { cleanupHistory } from "./history-cleanup.js";
import { syncRevision } from "./new-replica-set.js";
import { isScalingEvent, scaleDeployment } from "./proportional-scale.js";
import { rolloutRecreate } from "./recreate.js";
import { rolloutRolling } from "./rolling.js";

/** The identity a deployment's ReplicaSets point at. */
export function deploymentIdentity(deployment: Deployment): OwnerIdentity {
  const meta = deployment.metadata;
  return { apiVersion: "apps/v1", kind: "Deployment", name: meta?.name ?? "", uid: meta?.uid ?? "" };
}

/**
 * One level-triggered pass over a deployment (Kubernetes' syncDeployment): claim its ReplicaSets, then
 * either only resize them (paused, or `replicas` changed) or take one rollout step of its strategy, and
 * write the status. Returns when to look again (progress deadline).
 */
export async function syncDeployment(
  key: string,
  deps: DeploymentSyncDeps,
): Promise<ReconcileResult | undefined> {
  const cached = deps.deployments.get(key);
  if (!cached?.metadata || !cached.spec) return undefined;
  const state: DeploymentSyncState = {
    deployment: clone(DeploymentSchema, cached),
    deps,
    requeueAfterMs: undefined,
  };
  const meta = cached.metadata;
  let selector: ReturnType<typeof labelSelectorFromObject>;
  try {
    selector = labelSelectorFromObject(cached.spec.selector);
  } catch (error) {
    throw new TerminalError(`Deployment ${key} has an invalid selector: ${String(error)}`);
  }
  if (selector.isEverything()) {
    await refuseSelectingAll(state);
    return undefined;
  }
  const identity = deploymentIdentity(cached);
  const replicaSets = await claimChildren<ReplicaSet>({
    owner: { ...identity, deleting: meta.deletionTimestamp !== undefined },
    selector,
    candidates: deps.replicaSets.list({ namespace: meta.namespace }),
    updateOwnerRefs: (replicaSet, ownerReferences) => {
      const copy = clone(ReplicaSetSchema, replicaSet);
      if (copy.metadata) copy.metadata.ownerReferences = ownerReferences;
      return deps.replicaSetClient.update(copy);
    },
    recheckOwner: async () =>
      assertSameOwner(
        await deps.deploymentClient.get({ namespace: meta.namespace, name: meta.name }),
        identity,
      ),
  });
  if (meta.deletionTimestamp !== undefined) {
    const { newReplicaSet, oldReplicaSets } = await syncRevision(state, replicaSets, false);
    await syncDeploymentStatus(
      state,
      newReplicaSet ? [...oldReplicaSets, newReplicaSet] : oldReplicaSets,
      newReplicaSet,
    );
    return undefined;
  }
  await checkPausedConditions(state);
  if (state.deployment.spec?.paused || isScalingEvent(state.deployment, replicaSets)) {
    await resizeOnly(state, replicaSets);
  } else if (state.deployment.spec?.strategy?.type === "Recreate") {
    const uids = new Set(replicaSets.map((replicaSet) => replicaSet.metadata?.uid));
    const pods = deps.pods
      .list({ namespace: meta.namespace })
      .filter((pod) => uids.has(controllerRefOf(pod.metadata)?.uid));
    await rolloutRecreate(state, replicaSets, pods);
  } else {
    await rolloutRolling(state, replicaSets);
  }
  return state.requeueAfterMs === undefined ? undefined : { requeueAfter: state.requeueAfterMs };
}

/** Kubernetes' sync(): resize for `replicas`, drop excess history while paused, write counts. */
async function resizeOnly(state: DeploymentSyncState, replicaSets: readonly ReplicaSet[]): Promise<void> {
  const { newReplicaSet, oldReplicaSets } = await syncRevision(state, replicaSets, false);
  await scaleDeployment(state, newReplicaSet, oldReplicaSets);
  if (state.deployment.spec?.paused) await cleanupHistory(state, oldReplicaSets);
  await syncDeploymentStatus(
    state,
    newReplicaSet ? [...oldReplicaSets, newReplicaSet] : oldReplicaSets,
    newReplicaSet,
  );
}

/** Progressing=Unknown DeploymentPaused / DeploymentResumed as `spec.paused` flips (not after a timeout). */
async function checkPausedConditions(state: DeploymentSyncState): Promise<void> {
  const deployment = state.deployment;
  if (deployment.spec?.progressDeadlineSeconds === undefined) return;
  const current = getCondition(deployment.status, "Progressing");
  if (current?.reason === Reason.progressDeadlineExceeded) return;
  const pausedShown = current?.reason === Reason.paused;
  const paused = deployment.spec.paused;
  if (paused === pausedShown) return;
  const next = clone(DeploymentSchema, deployment);
  next.status ??= create(DeploymentStatusSchema);
  const now = state.deps.clock.now();
  const condition = paused
    ? newCondition("Progressing", "Unknown", Reason.paused, "Deployment is paused", now)
    : newCondition("Progressing", "Unknown", Reason.resumed, "Deployment is resumed", now);
  setCondition(next.status, condition);
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
}

/** An empty selector would take every pod of the namespace: warn and only acknowledge the generation. */
async function refuseSelectingAll(state: DeploymentSyncState): Promise<void> {
  const deployment = state.deployment;
  state.deps.events.event(
    deployment,
    "Warning",
    "SelectingAll",
    "This deployment is selecting all pods. A non-empty selector is required.",
  );
  const generation = deployment.metadata?.generation ?? 0n;
  if ((deployment.status?.observedGeneration ?? 0n) >= generation) return;
  const next = clone(DeploymentSchema, deployment);
  next.status ??= create(DeploymentStatusSchema);
  next.status.observedGeneration = generation;
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
}
