import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Job, Pod } from "@capstan/api";
import { isPodReady } from "../shared/pod-state.js";

/** Kubernetes' defaults: 10 s after the first failure, doubling, at most 6 minutes. */
export interface PodFailureBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_POD_FAILURE_BACKOFF: PodFailureBackoff = Object.freeze({
  initialMs: 10_000,
  maxMs: 360_000,
});

/** How a Job ends. */
export interface JobFinish {
  readonly type: "Complete" | "Failed";
  readonly reason: string;
  readonly message: string;
}

/** What one sync of a Job is to do, decided from the job and its pods alone. */
export interface JobPlan {
  /** Pods to create now. */
  readonly create: number;
  /** Active pods to delete (excess, or every one when the job ends). */
  readonly delete: readonly Pod[];
  readonly finish?: JobFinish;
  readonly active: number;
  readonly ready: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Look again after this long (a back-off or the active deadline); undefined: only on changes. */
  readonly requeueAfterMs?: number;
}

const isActive = (pod: Pod) =>
  pod.metadata?.deletionTimestamp === undefined &&
  pod.status?.phase !== "Succeeded" &&
  pod.status?.phase !== "Failed";

/** When a finished pod finished: its last container's finishedAt, else its last condition change. */
function finishedAt(pod: Pod): number {
  let latest = 0;
  for (const status of pod.status?.containerStatuses ?? []) {
    const finished = status.state?.terminated?.finishedAt;
    if (finished) latest = Math.max(latest, timestampMs(finished));
  }
  if (latest > 0) return latest;
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.lastTransitionTime) latest = Math.max(latest, timestampMs(condition.lastTransitionTime));
  }
  return latest;
}

/** Container restarts of the job's active pods (an OnFailure job's failures happen in place). */
function restarts(pods: readonly Pod[]): number {
  let total = 0;
  for (const pod of pods)
    for (const status of pod.status?.containerStatuses ?? []) total += status.restartCount ?? 0;
  return total;
}

/**
 * Kubernetes' syncJob decisions for a non-indexed Job: fail it past backoffLimit (failed pods, or container
 * restarts under OnFailure) or activeDeadlineSeconds; complete it once `completions` pods succeeded (a
 * work-queue job without completions once one succeeded and none is running); else keep
 * min(parallelism, remaining completions) pods active, waiting out the pod failure back-off
 * (initial × 2^(failures-1), capped) after the latest failure before creating replacements.
 */
export function planJob(job: Job, pods: readonly Pod[], now: number, backoff: PodFailureBackoff): JobPlan {
  const spec = job.spec;
  const active = pods.filter(isActive);
  const succeeded = pods.filter((pod) => pod.status?.phase === "Succeeded").length;
  const failedPods = pods.filter((pod) => pod.status?.phase === "Failed");
  const failed = failedPods.length;
  const counts = { active: active.length, ready: active.filter(isPodReady).length, succeeded, failed };
  const backoffLimit = spec?.backoffLimit ?? 6;
  const onFailure = spec?.template?.spec?.restartPolicy === "OnFailure";
  const startMs = job.status?.startTime ? timestampMs(job.status.startTime) : now;
  const deadline = spec?.activeDeadlineSeconds;
  const deadlineAt = deadline === undefined ? undefined : startMs + Number(deadline) * 1000;

  const fail = (reason: string, message: string): JobPlan => ({
    ...counts,
    create: 0,
    delete: active,
    finish: { type: "Failed", reason, message },
  });
  if (failed > backoffLimit || (onFailure && failed + restarts(active) > backoffLimit)) {
    return fail("BackoffLimitExceeded", "Job has reached the specified backoff limit");
  }
  if (deadlineAt !== undefined && now >= deadlineAt) {
    return fail("DeadlineExceeded", "Job was active longer than specified deadline");
  }
  const completions = spec?.completions;
  const complete =
    completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (complete) {
    return {
      ...counts,
      create: 0,
      delete: active,
      finish: { type: "Complete", reason: "Completed", message: "Job completed" },
    };
  }
  const parallelism = spec?.parallelism ?? 1;
  let wanted =
    completions !== undefined
      ? Math.min(parallelism, completions - succeeded)
      : succeeded > 0
        ? 0
        : parallelism;
  if (spec?.suspend) wanted = 0;
  const requeues: number[] = deadlineAt === undefined ? [] : [deadlineAt - now];
  let create = Math.max(0, wanted - active.length);
  if (create > 0 && failed > 0) {
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failed - 1));
    const lastFailure = Math.max(...failedPods.map(finishedAt));
    const wait = lastFailure + delay - now;
    if (wait > 0) {
      create = 0;
      requeues.push(wait);
    }
  }
  // Excess pods (parallelism lowered): the newest go first.
  const excess = [...active]
    .sort((a, b) => creation(b) - creation(a))
    .slice(0, Math.max(0, active.length - wanted));
  return {
    ...counts,
    create,
    delete: excess,
    requeueAfterMs: requeues.length > 0 ? Math.max(1, Math.min(...requeues)) : undefined,
  };
}

function creation(pod: Pod): number {
  return pod.metadata?.creationTimestamp ? timestampMs(pod.metadata.creationTimestamp) : 0;
}
