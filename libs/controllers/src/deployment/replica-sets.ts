import { clone, equals } from "@bufbuild/protobuf";
import { type PodTemplateSpec, PodTemplateSpecSchema, type ReplicaSet } from "@capstan/api";
import { createdMs } from "../shared/pod-state.js";
import { POD_TEMPLATE_HASH_LABEL, revisionOf } from "./annotations.js";

/** `spec.replicas` of a ReplicaSet (defaulted to 1 by the apiserver). */
export function specReplicas(replicaSet: ReplicaSet): number {
  return replicaSet.spec?.replicas ?? 1;
}

/** Sum of what the ReplicaSets ask for. */
export function totalSpecReplicas(replicaSets: readonly ReplicaSet[]): number {
  return replicaSets.reduce((sum, replicaSet) => sum + specReplicas(replicaSet), 0);
}

/** Sum of a status field over the ReplicaSets. */
export function totalStatus(
  replicaSets: readonly ReplicaSet[],
  field: "replicas" | "readyReplicas" | "availableReplicas",
): number {
  return replicaSets.reduce((sum, replicaSet) => sum + (replicaSet.status?.[field] ?? 0), 0);
}

/**
 * Available pods a ReplicaSet will still have once it has acted on its spec: its available count, capped
 * at `replicas` (a ReplicaSet just scaled down reports its old availability until it catches up, and
 * counting that would let a rollout take more pods away than maxUnavailable allows).
 */
export function settledAvailable(replicaSets: readonly ReplicaSet[]): number {
  return replicaSets.reduce(
    (sum, replicaSet) => sum + Math.min(replicaSet.status?.availableReplicas ?? 0, specReplicas(replicaSet)),
    0,
  );
}

/** ReplicaSets that still ask for pods. */
export function activeReplicaSets(replicaSets: readonly ReplicaSet[]): ReplicaSet[] {
  return replicaSets.filter((replicaSet) => specReplicas(replicaSet) > 0);
}

/** A ReplicaSet's revision number (0 when it has none). */
export function replicaSetRevision(replicaSet: ReplicaSet): number {
  return revisionOf(replicaSet.metadata?.annotations);
}

/** Oldest first; name breaks ties (Kubernetes' ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const delta = createdMs(a.metadata) - createdMs(b.metadata);
  return delta !== 0 ? delta : (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? "");
}

/** Lowest revision first, then oldest (Kubernetes' ReplicaSetsByRevision). */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return replicaSetRevision(a) - replicaSetRevision(b) || byCreation(a, b);
}

/** Larger first; among equals newer first (scaling up) or older first (scaling down). */
export function bySize(newerFirst: boolean): (a: ReplicaSet, b: ReplicaSet) => number {
  return (a, b) => specReplicas(b) - specReplicas(a) || (newerFirst ? byCreation(b, a) : byCreation(a, b));
}

/** The template without the pod-template-hash label, for comparing a ReplicaSet's with a deployment's. */
function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  if (!template) return undefined;
  const copy = clone(PodTemplateSpecSchema, template);
  if (copy.metadata) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** Kubernetes' EqualIgnoreHash: the two templates are the same apart from pod-template-hash. */
export function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const left = withoutHash(a);
  const right = withoutHash(b);
  if (!left || !right) return left === right;
  return equals(PodTemplateSpecSchema, left, right);
}

/**
 * Splits a deployment's ReplicaSets into the new one (its template equals the deployment's; the oldest
 * if several do) and the old ones.
 */
export function splitNewAndOld(
  template: PodTemplateSpec | undefined,
  replicaSets: readonly ReplicaSet[],
): { newReplicaSet: ReplicaSet | undefined; oldReplicaSets: ReplicaSet[] } {
  const sorted = [...replicaSets].sort(byCreation);
  const newReplicaSet = sorted.find((replicaSet) => sameTemplate(replicaSet.spec?.template, template));
  return { newReplicaSet, oldReplicaSets: sorted.filter((replicaSet) => replicaSet !== newReplicaSet) };
}
