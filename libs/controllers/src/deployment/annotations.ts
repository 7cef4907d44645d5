/** The revision of a ReplicaSet (and the deployment's current one), as `kubectl rollout history` reads it. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** Earlier revisions a ReplicaSet had, comma-separated (it gets a new one on each rollback to it). */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** The deployment's replicas when the ReplicaSet was last scaled: a difference means a scaling event. */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** replicas + maxSurge when the ReplicaSet was last scaled: the base of proportional scaling. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** The label (and selector term) that tells the ReplicaSets of one deployment apart. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/** Deployment annotations never copied onto ReplicaSets (Kubernetes' skipCopyAnnotation). */
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/** Longest revision-history value kept (older entries are dropped first). */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** A revision annotation as a number; 0 when absent or malformed. */
export function revisionOf(annotations: Readonly<Record<string, string>> | undefined): number {
  const value = Number(annotations?.[REVISION_ANNOTATION] ?? "0");
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** Copies the deployment's annotations (not the skipped ones) onto a ReplicaSet's; true if any changed. */
export function copyDeploymentAnnotations(
  from: Readonly<Record<string, string>>,
  to: Record<string, string>,
): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(from)) {
    if (NOT_COPIED.has(key) || to[key] === value) continue;
    to[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * Kubernetes' SetNewReplicaSetAnnotations: copies the deployment's annotations and raises the revision to
 * `revision` (keeping the old one in the revision history); true if anything changed.
 */
export function setNewReplicaSetAnnotations(
  deploymentAnnotations: Readonly<Record<string, string>>,
  annotations: Record<string, string>,
  revision: number,
): boolean {
  let changed = copyDeploymentAnnotations(deploymentAnnotations, annotations);
  const old = revisionOf(annotations);
  if (old < revision) {
    annotations[REVISION_ANNOTATION] = String(revision);
    changed = true;
    if (old > 0) {
      const history = [...(annotations[REVISION_HISTORY_ANNOTATION]?.split(",") ?? []), String(old)];
      while (history.join(",").length > MAX_REVISION_HISTORY_CHARS && history.length > 1) history.shift();
      annotations[REVISION_HISTORY_ANNOTATION] = history.filter((entry) => entry !== "").join(",");
    }
  }
  return changed;
}

/** Writes the desired/max replicas annotations; true if they changed. */
export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  const changed =
    annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    annotations[MAX_REPLICAS_ANNOTATION] !== String(max);
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  annotations[MAX_REPLICAS_ANNOTATION] = String(max);
  return changed;
}

/** An integer annotation, or undefined when absent or malformed. */
export function intAnnotation(
  annotations: Readonly<Record<string, string>> | undefined,
  key: string,
): number | undefined {
  const raw = annotations?.[key];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}
