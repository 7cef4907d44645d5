import { type Deployment, type IntOrString, intOrStringValue } from "@capstan/api";
import { TerminalError } from "@capstan/client";

const PERCENT = /^(\d+)%$/;

/**
 * Kubernetes' GetScaledValueFromIntOrPercent: a count as is, or a percentage of `total`, rounded up or
 * down. A malformed value is a TerminalError (the apiserver validates it, so this is a corrupt object).
 */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  const raw = intOrStringValue(value);
  if (typeof raw === "number") return raw;
  const match = PERCENT.exec(raw);
  if (!match) throw new TerminalError(`invalid value for IntOrString: ${JSON.stringify(raw)}`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The deployment's desired replicas (the apiserver defaults it to 1). */
export function desiredReplicas(deployment: Deployment): number {
  return deployment.spec?.replicas ?? 1;
}

export function isRollingUpdate(deployment: Deployment): boolean {
  return deployment.spec?.strategy?.type !== "Recreate";
}

/**
 * Kubernetes' ResolveFenceposts: surge rounds up, unavailable rounds down, and both zero means one
 * unavailable (a rollout must be able to move).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

/** Pods allowed above `replicas` during a rolling update (0 for Recreate). */
export function maxSurge(deployment: Deployment): number {
  if (!isRollingUpdate(deployment)) return 0;
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(deployment)).surge;
}

/** Pods allowed below `replicas` during a rolling update, at most `replicas` (0 for Recreate). */
export function maxUnavailable(deployment: Deployment): number {
  const desired = desiredReplicas(deployment);
  if (!isRollingUpdate(deployment) || desired === 0) return 0;
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desired);
  return Math.min(unavailable, desired);
}

/**
 * Kubernetes' NewRSNewReplicas: how big the new ReplicaSet may be now. Rolling: grow up to the surge
 * allowance over the pods all ReplicaSets ask for; Recreate: all at once.
 */
export function newReplicaSetSize(
  deployment: Deployment,
  totalSpecReplicas: number,
  newSize: number,
): number {
  const desired = desiredReplicas(deployment);
  if (!isRollingUpdate(deployment)) return desired;
  const maxTotal = desired + maxSurge(deployment);
  if (totalSpecReplicas >= maxTotal) return newSize;
  return newSize + Math.min(maxTotal - totalSpecReplicas, desired - newSize);
}
