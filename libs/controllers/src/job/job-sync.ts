import { clone, create, equals } from "@bufbuild/protobuf";
import { timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import {
  type Job,
  JobConditionSchema,
  JobSchema,
  type JobService,
  type JobStatus,
  JobStatusSchema,
  type Pod,
  type PodService,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { type Clock, type GrpcClient, keyOf, type Lister, type ReconcileResult } from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";
import { isControlledBy, newControllerRef } from "../shared/controller-ref.js";
import type { Expectations } from "../shared/expectations.js";
import { podFromTemplate } from "../shared/pod-from-template.js";
import { slowStartBatch } from "../shared/slow-start.js";
import { type JobFinish, type JobPlan, type PodFailureBackoff, planJob } from "./job-plan.js";

/** What a Job sync reads and writes. */
export interface JobSyncDeps {
  readonly jobs: Lister<Job>;
  readonly pods: Lister<Pod>;
  readonly jobClient: GrpcClient<typeof JobService>;
  readonly podClient: GrpcClient<typeof PodService>;
  readonly expectations: Expectations;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
  readonly backoff: PodFailureBackoff;
}

const ignoreGone = (error: unknown) => {
  if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
};

/** The Complete or Failed condition that is True, if the job has finished. */
export function finishedCondition(job: Job) {
  return job.status?.conditions.find(
    (condition) =>
      (condition.type === "Complete" || condition.type === "Failed") && condition.status === "True",
  );
}

/**
 * One pass over a Job: a finished job only waits for its ttlSecondsAfterFinished and is then deleted with
 * its pods (foreground, as Kubernetes' TTL controller does); a running one gets the pods its plan asks for
 * created or deleted (unless earlier writes are not yet seen) and its status written when it changed.
 */
export async function syncJob(key: string, deps: JobSyncDeps): Promise<ReconcileResult | undefined> {
  const job = deps.jobs.get(key);
  const meta = job?.metadata;
  if (!job || !meta) {
    deps.expectations.delete(key);
    return undefined;
  }
  const now = deps.clock.now();
  const finished = finishedCondition(job);
  if (finished)
    return expireFinished(
      job,
      finished.lastTransitionTime ? timestampMs(finished.lastTransitionTime) : now,
      now,
      deps,
    );
  if (meta.deletionTimestamp || !deps.expectations.satisfied(key)) return undefined;
  const pods = deps.pods
    .list({ namespace: meta.namespace })
    .filter((pod) => isControlledBy(pod.metadata, meta.uid));
  const plan = planJob(job, pods, now, deps.backoff);
  await deletePods(key, plan.delete, deps);
  await createPods(key, job, plan.create, deps);
  await writeStatus(job, plan, now, deps);
  return plan.requeueAfterMs === undefined ? undefined : { requeueAfter: plan.requeueAfterMs };
}

async function expireFinished(job: Job, finishedMs: number, now: number, deps: JobSyncDeps) {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata?.deletionTimestamp) return undefined;
  const due = finishedMs + ttl * 1000 - now;
  if (due > 0) return { requeueAfter: due };
  const { namespace = "", name = "", uid } = job.metadata ?? {};
  await deps.jobClient
    .delete({ namespace, name, options: { propagationPolicy: "Foreground", preconditions: { uid } } })
    .catch(ignoreGone);
  return undefined;
}

async function deletePods(key: string, pods: readonly Pod[], deps: JobSyncDeps) {
  if (pods.length === 0) return;
  deps.expectations.expect(key, 0, pods.map(keyOf));
  for (const pod of pods) {
    const { namespace = "", name = "", uid } = pod.metadata ?? {};
    try {
      await deps.podClient.delete({ namespace, name, options: { preconditions: { uid } } });
    } catch (error) {
      deps.expectations.deletionObserved(key, keyOf(pod));
      ignoreGone(error);
    }
  }
}

async function createPods(key: string, job: Job, count: number, deps: JobSyncDeps) {
  if (count === 0) return;
  const { namespace = "", name = "", uid = "" } = job.metadata ?? {};
  const ref = newControllerRef({ apiVersion: "batch/v1", kind: "Job", name, uid });
  deps.expectations.expect(key, count);
  const result = await slowStartBatch(count, 1, async () => {
    const pod = await deps.podClient.create(podFromTemplate(job.spec?.template, namespace, `${name}-`, ref));
    deps.events.event(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata?.name ?? ""}`);
  });
  // Creations that failed or were never tried will not show up in the cache.
  deps.expectations.creationObserved(key, count - result.succeeded);
  if (result.error !== undefined) {
    deps.events.event(job, "Warning", "FailedCreate", `Error creating: ${String(result.error)}`);
    throw result.error;
  }
}

function nextStatus(job: Job, plan: JobPlan, now: number): JobStatus {
  const status = job.status ? clone(JobStatusSchema, job.status) : create(JobStatusSchema);
  status.active = plan.finish ? 0 : plan.active;
  status.ready = plan.finish ? 0 : plan.ready;
  status.succeeded = plan.succeeded;
  status.failed = plan.failed;
  if (!status.startTime && !job.spec?.suspend) status.startTime = timestampFromMs(now);
  if (plan.finish) addFinish(status, plan.finish, now);
  return status;
}

function addFinish(status: JobStatus, finish: JobFinish, now: number) {
  const stamp = timestampFromMs(now);
  status.conditions.push(
    create(JobConditionSchema, {
      type: finish.type,
      status: "True",
      reason: finish.reason,
      message: finish.message,
      lastProbeTime: stamp,
      lastTransitionTime: stamp,
    }),
  );
  if (finish.type === "Complete") status.completionTime = stamp;
}

async function writeStatus(job: Job, plan: JobPlan, now: number, deps: JobSyncDeps) {
  const status = nextStatus(job, plan, now);
  if (job.status && equals(JobStatusSchema, status, job.status)) return;
  const next = clone(JobSchema, job);
  next.status = status;
  await deps.jobClient.updateStatus(next);
  if (plan.finish?.type === "Complete") deps.events.event(job, "Normal", "Completed", "Job completed");
  if (plan.finish?.type === "Failed")
    deps.events.event(job, "Warning", plan.finish.reason, plan.finish.message);
}
