import { create } from "@bufbuild/protobuf";
import {
  type Job,
  JobSpecSchema,
  LabelSelectorSchema,
  ObjectMetaSchema,
  type PodTemplateSpec,
} from "@capstan/api";
import { defaultPodTemplate } from "../shared/pod-template.js";

/** The labels a Job puts on its pods; the controller-uid one is what the generated selector selects. */
export const JOB_LABELS = {
  controllerUid: "batch.kubernetes.io/controller-uid",
  legacyControllerUid: "controller-uid",
  jobName: "batch.kubernetes.io/job-name",
  legacyJobName: "job-name",
} as const;

/** Kubernetes allows a job's pods to fail this often before the job fails. */
const DEFAULT_BACKOFF_LIMIT = 6;
const MAX_INT32 = 2147483647;

/**
 * Kubernetes' Job defaults: one completion at parallelism one, backoff limit 6, NonIndexed completions,
 * not suspended, the job's labels taken from its template when it has none, and (unless the selector is
 * manual) the selector generated from the job's uid with the matching labels added to the template.
 */
export function defaultJob(job: Job): void {
  job.spec ??= create(JobSpecSchema);
  const spec = job.spec;
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? DEFAULT_BACKOFF_LIMIT : MAX_INT32;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  const templateLabels = spec.template?.metadata?.labels ?? {};
  if (job.metadata && Object.keys(job.metadata.labels).length === 0 && Object.keys(templateLabels).length > 0)
    job.metadata.labels = { ...templateLabels };
  if (spec.manualSelector !== true && spec.template) generateSelector(job, spec.template);
  defaultPodTemplate(spec.template);
}

/** Selects the job's pods by its uid, which no other job shares; needs the uid the registry assigns. */
function generateSelector(job: Job, template: PodTemplateSpec): void {
  const uid = job.metadata?.uid ?? "";
  const name = job.metadata?.name ?? "";
  if (uid === "" || !job.spec) return;
  template.metadata ??= create(ObjectMetaSchema);
  const labels = template.metadata.labels;
  labels[JOB_LABELS.legacyJobName] ??= name;
  labels[JOB_LABELS.jobName] ??= name;
  labels[JOB_LABELS.legacyControllerUid] ??= uid;
  labels[JOB_LABELS.controllerUid] ??= uid;
  job.spec.selector ??= create(LabelSelectorSchema);
  job.spec.selector.matchLabels[JOB_LABELS.controllerUid] ??= uid;
}
