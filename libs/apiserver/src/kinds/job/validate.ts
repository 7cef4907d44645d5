import { type Job, PodTemplateSpecSchema } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { immutableMessage } from "../shared/immutable-message.js";
import { immutable } from "../shared/kind-definition.js";
import { nonNegative, positive } from "../shared/numbers.js";
import { validateSelectorAndTemplate } from "../shared/pod-template.js";
import { immutableSelector } from "../shared/workload.js";
import { JOB_LABELS } from "./defaults.js";

const COMPLETION_MODES = ["NonIndexed", "Indexed"];
const REPLACEMENT_POLICIES = ["TerminatingOrFailed", "Failed"];

/** Without manualSelector the selector must be exactly the one generated from the uid, and the template must carry it. */
function validateGeneratedSelector(job: Job): FieldError[] {
  const uid = job.metadata?.uid ?? "";
  const spec = job.spec;
  if (spec?.manualSelector === true || uid === "") return [];
  const errors: FieldError[] = [];
  const matchLabels = spec?.selector?.matchLabels ?? {};
  const generated =
    Object.keys(matchLabels).length === 1 &&
    matchLabels[JOB_LABELS.controllerUid] === uid &&
    (spec?.selector?.matchExpressions.length ?? 0) === 0;
  if (!generated)
    errors.push(fieldError.invalid("spec.selector", matchLabels, "`selector` not auto-generated"));
  const labels = spec?.template?.metadata?.labels ?? {};
  for (const key of [JOB_LABELS.controllerUid, JOB_LABELS.legacyControllerUid])
    if (labels[key] !== undefined && labels[key] !== uid)
      errors.push(
        fieldError.invalid(`spec.template.metadata.labels[${key}]`, labels[key], `must be '${uid}'`),
      );
  return errors;
}

/** A Job as Kubernetes' ValidateJob checks it: counts, deadline, completion mode, selector and template. */
export function validateJob(job: Job): FieldError[] {
  const spec = job.spec;
  if (!spec) return [fieldError.required("spec")];
  const errors = [
    ...nonNegative(spec.parallelism, "spec.parallelism"),
    ...nonNegative(spec.completions, "spec.completions"),
    ...positive(spec.activeDeadlineSeconds, "spec.activeDeadlineSeconds"),
    ...nonNegative(spec.backoffLimit, "spec.backoffLimit"),
    ...nonNegative(spec.ttlSecondsAfterFinished, "spec.ttlSecondsAfterFinished"),
    ...validateSelectorAndTemplate(spec.selector, spec.template, {
      kind: "job",
      restartPolicies: ["OnFailure", "Never"],
      activeDeadlineAllowed: true,
    }),
    ...validateGeneratedSelector(job),
  ];
  const mode = spec.completionMode ?? "NonIndexed";
  if (!COMPLETION_MODES.includes(mode))
    errors.push(fieldError.notSupported("spec.completionMode", mode, COMPLETION_MODES));
  if (mode === "Indexed" && spec.completions === undefined)
    errors.push(fieldError.required("spec.completions", "when completion mode is Indexed"));
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && !REPLACEMENT_POLICIES.includes(replacement))
    errors.push(fieldError.notSupported("spec.podReplacementPolicy", replacement, REPLACEMENT_POLICIES));
  return errors;
}

/** What a Job may not change once created: its selector, pod template, completions and completion mode. */
export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  return [
    ...immutableSelector(job, old),
    ...immutableMessage(PodTemplateSpecSchema, "spec.template", job.spec?.template, old.spec?.template),
    ...immutable("spec.completions", job.spec?.completions ?? -1, old.spec?.completions ?? -1),
    ...immutable("spec.completionMode", job.spec?.completionMode ?? "", old.spec?.completionMode ?? ""),
  ];
}
