import { clone, create } from "@bufbuild/protobuf";
import {
  DeploymentSchema,
  DeploymentStatusSchema,
  LabelSelectorSchema,
  PodTemplateSpecSchema,
  type ReplicaSet,
  ReplicaSetSchema,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { keyOf } from "@capstan/client";
import { objectKey } from "@capstan/runtime";
import { isControlledBy, newControllerRef } from "../shared/controller-ref.js";
import { podTemplateHash } from "../shared/pod-template-hash.js";
import {
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from "./annotations.js";
import { getCondition, newCondition, Reason, setCondition } from "./conditions.js";
import type { DeploymentSyncState } from "./deployment-state.js";
import { replicaSetRevision, sameTemplate, splitNewAndOld, totalSpecReplicas } from "./replica-sets.js";
import { desiredReplicas, maxSurge, newReplicaSetSize } from "./rolling-math.js";

/** The deployment's ReplicaSets split into the new one (if any) and the old ones. */
export interface ReplicaSetSplit {
  readonly newReplicaSet: ReplicaSet | undefined;
  readonly oldReplicaSets: ReplicaSet[];
}

/**
 * Kubernetes' getAllReplicaSetsAndSyncRevision: finds the new ReplicaSet (creating it when `createIfMissing`)
 * and brings its revision annotation and the deployment's up to max(old revisions) + 1.
 */
export async function syncRevision(
  state: DeploymentSyncState,
  replicaSets: readonly ReplicaSet[],
  createIfMissing: boolean,
): Promise<ReplicaSetSplit> {
  const { newReplicaSet, oldReplicaSets } = splitNewAndOld(state.deployment.spec?.template, replicaSets);
  const revision = Math.max(0, ...oldReplicaSets.map(replicaSetRevision)) + 1;
  if (newReplicaSet)
    return { newReplicaSet: await refreshExisting(state, newReplicaSet, revision), oldReplicaSets };
  if (!createIfMissing) return { newReplicaSet: undefined, oldReplicaSets };
  const created = await createNewReplicaSet(state, [...oldReplicaSets], revision);
  return { newReplicaSet: created, oldReplicaSets };
}

/** Updates an existing new ReplicaSet's annotations and minReadySeconds, and the deployment's revision. */
async function refreshExisting(
  state: DeploymentSyncState,
  replicaSet: ReplicaSet,
  revision: number,
): Promise<ReplicaSet> {
  const deployment = state.deployment;
  const copy = clone(ReplicaSetSchema, replicaSet);
  const meta = copy.metadata;
  if (!meta || !copy.spec) return replicaSet;
  const annotationsChanged = setNewReplicaSetAnnotations(
    deployment.metadata?.annotations ?? {},
    meta.annotations,
    revision,
  );
  const minReadyChanged = copy.spec.minReadySeconds !== (deployment.spec?.minReadySeconds ?? 0);
  let stored = replicaSet;
  if (annotationsChanged || minReadyChanged) {
    copy.spec.minReadySeconds = deployment.spec?.minReadySeconds ?? 0;
    stored = await state.deps.replicaSetClient.update(copy);
  }
  const rsRevision = stored.metadata?.annotations[REVISION_ANNOTATION] ?? "";
  const needsRevision = deployment.metadata?.annotations[REVISION_ANNOTATION] !== rsRevision;
  const needsProgressing = !getCondition(deployment.status, "Progressing");
  if (needsRevision || needsProgressing) {
    const next = clone(DeploymentSchema, deployment);
    if (next.metadata && rsRevision !== "") next.metadata.annotations[REVISION_ANNOTATION] = rsRevision;
    if (needsProgressing) {
      next.status ??= create(DeploymentStatusSchema);
      const message = `Found new replica set "${stored.metadata?.name}"`;
      setCondition(
        next.status,
        newCondition("Progressing", "True", Reason.foundNewReplicaSet, message, state.deps.clock.now()),
      );
    }
    state.deployment = await state.deps.deploymentClient.updateStatus(next);
  }
  return stored;
}

/** Creates the ReplicaSet for the current template, named `<deployment>-<hash>`; handles hash collisions. */
async function createNewReplicaSet(
  state: DeploymentSyncState,
  oldReplicaSets: ReplicaSet[],
  revision: number,
): Promise<ReplicaSet> {
  const deployment = state.deployment;
  const meta = deployment.metadata;
  const spec = deployment.spec;
  if (!meta || !spec) throw ApiError.badRequest("deployment without metadata or spec");
  const hash = podTemplateHash(spec.template, deployment.status?.collisionCount);
  const template = clone(PodTemplateSpecSchema, spec.template ?? create(PodTemplateSpecSchema));
  template.metadata ??= create(PodTemplateSpecSchema).metadata;
  if (template.metadata) template.metadata.labels[POD_TEMPLATE_HASH_LABEL] = hash;
  const selector = clone(LabelSelectorSchema, spec.selector ?? create(LabelSelectorSchema));
  selector.matchLabels[POD_TEMPLATE_HASH_LABEL] = hash;
  const desired = desiredReplicas(deployment);
  const size = newReplicaSetSize(deployment, totalSpecReplicas(oldReplicaSets), 0);
  const annotations: Record<string, string> = {};
  setNewReplicaSetAnnotations(meta.annotations, annotations, revision);
  setReplicasAnnotations(annotations, desired, desired + maxSurge(deployment));
  const replicaSet = create(ReplicaSetSchema, {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${meta.name}-${hash}`,
      namespace: meta.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [
        newControllerRef({ apiVersion: "apps/v1", kind: "Deployment", name: meta.name, uid: meta.uid }),
      ],
    },
    spec: { replicas: size, minReadySeconds: spec.minReadySeconds, selector, template },
  });
  let created: ReplicaSet;
  try {
    created = await state.deps.replicaSetClient.create(replicaSet);
  } catch (error) {
    if (!ApiError.is(error, "AlreadyExists")) {
      await recordCreateFailure(state, error);
      throw error;
    }
    return resolveCollision(state, replicaSet);
  }
  if (size > 0) {
    state.deps.events.event(
      deployment,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set ${created.metadata?.name} from 0 to ${size}`,
    );
  }
  const next = clone(DeploymentSchema, state.deployment);
  if (next.metadata) next.metadata.annotations[REVISION_ANNOTATION] = String(revision);
  next.status ??= create(DeploymentStatusSchema);
  const message = `Created new replica set "${created.metadata?.name}"`;
  setCondition(
    next.status,
    newCondition("Progressing", "True", Reason.newReplicaSetCreated, message, state.deps.clock.now()),
  );
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
  return created;
}

/**
 * A ReplicaSet of that name exists. If it is ours with this template, the cache was behind: use it.
 * Otherwise the hash collided: bump collisionCount so the next sync computes another name.
 */
async function resolveCollision(state: DeploymentSyncState, wanted: ReplicaSet): Promise<ReplicaSet> {
  const key = keyOf(wanted);
  const existing =
    state.deps.replicaSets.get(key) ??
    (await state.deps.replicaSetClient.get({
      namespace: wanted.metadata?.namespace ?? "",
      name: wanted.metadata?.name ?? "",
    }));
  const uid = state.deployment.metadata?.uid ?? "";
  if (
    isControlledBy(existing.metadata, uid) &&
    sameTemplate(existing.spec?.template, state.deployment.spec?.template)
  ) {
    return existing;
  }
  const next = clone(DeploymentSchema, state.deployment);
  next.status ??= create(DeploymentStatusSchema);
  next.status.collisionCount = (next.status.collisionCount ?? 0) + 1;
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
  throw ApiError.conflict(
    "replicasets",
    objectKey(wanted.metadata?.namespace ?? "", wanted.metadata?.name ?? ""),
    "hash collision; retrying with a new name",
  );
}

/** Progressing=False with FailedRSCreate, as Kubernetes reports a ReplicaSet it cannot create. */
async function recordCreateFailure(state: DeploymentSyncState, error: unknown): Promise<void> {
  const message = `Failed to create new replica set: ${ApiError.from(error).message}`;
  state.deps.events.event(state.deployment, "Warning", Reason.failedCreate, message);
  const next = clone(DeploymentSchema, state.deployment);
  next.status ??= create(DeploymentStatusSchema);
  setCondition(
    next.status,
    newCondition("Progressing", "False", Reason.failedCreate, message, state.deps.clock.now()),
  );
  state.deployment = await state.deps.deploymentClient.updateStatus(next);
}
