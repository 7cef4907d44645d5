import { create } from "@bufbuild/protobuf";
import { type LabelSelector, PodSpecSchema, type PodTemplateSpec } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  labelSelectorFromObject,
  validateAnnotations,
  validateLabelSelectorObject,
  validateLabels,
} from "@capstan/apimachinery";
import { defaultPodSpec } from "../pod/spec-defaults.js";
import { validatePodSpec } from "../pod/validate-spec.js";

/** How a workload constrains its pod template. */
export interface TemplateRules {
  /** Lower-case kind for messages: `deployment`, `replicaset`, `daemonset`, `job`. */
  readonly kind: string;
  /** The restart policies its pods may have. */
  readonly restartPolicies: readonly string[];
  /** Only Jobs may give their pods an active deadline. */
  readonly activeDeadlineAllowed: boolean;
}

/** The rules of a workload whose pods run until replaced (Deployment, ReplicaSet, DaemonSet). */
export function longRunningTemplateRules(kind: string): TemplateRules {
  return { kind, restartPolicies: ["Always"], activeDeadlineAllowed: false };
}

/** Fills the defaults of a workload's pod template (those of any pod spec). */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= create(PodSpecSchema);
  defaultPodSpec(template.spec);
}

/**
 * A workload's selector and pod template: a non-empty valid selector that matches the template's labels,
 * valid template metadata, a valid pod spec with a restart policy the kind allows.
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  rules: TemplateRules,
): FieldError[] {
  const errors = selector
    ? validateLabelSelectorObject(selector, "spec.selector")
    : [fieldError.required("spec.selector")];
  const selectorReadable = selector !== undefined && errors.length === 0;
  if (selector && Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0)
    errors.push(fieldError.invalid("spec.selector", {}, `empty selector is invalid for ${rules.kind}`));
  if (!template) return [...errors, fieldError.required("spec.template")];
  const labels = template.metadata?.labels ?? {};
  const labelErrors = validateLabels(labels, "spec.template.metadata.labels");
  errors.push(...labelErrors);
  errors.push(...validateAnnotations(template.metadata?.annotations, "spec.template.metadata.annotations"));
  // Matching needs a readable selector and readable labels; their own errors are reported above.
  if (
    selector &&
    selectorReadable &&
    labelErrors.length === 0 &&
    !labelSelectorFromObject(selector).matches(labels)
  )
    errors.push(
      fieldError.invalid(
        "spec.template.metadata.labels",
        labels,
        "`selector` does not match template `labels`",
      ),
    );
  errors.push(...validatePodSpec(template.spec, "spec.template.spec"));
  const policy = template.spec?.restartPolicy ?? "";
  if (policy !== "" && !rules.restartPolicies.includes(policy))
    errors.push(fieldError.notSupported("spec.template.spec.restartPolicy", policy, rules.restartPolicies));
  if (!rules.activeDeadlineAllowed && template.spec?.activeDeadlineSeconds !== undefined)
    errors.push(
      fieldError.forbidden(
        "spec.template.spec.activeDeadlineSeconds",
        `activeDeadlineSeconds in ${rules.kind} is not Supported`,
      ),
    );
  return errors;
}
