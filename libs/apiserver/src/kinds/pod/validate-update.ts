import { clone, equals } from "@bufbuild/protobuf";
import { type Pod, type PodSpec, PodSpecSchema, type Toleration, TolerationSchema } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";

const IMMUTABLE_SPEC =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** Equal but for tolerationSeconds, which an existing toleration may change. */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return equals(
    TolerationSchema,
    { ...a, tolerationSeconds: undefined },
    { ...b, tolerationSeconds: undefined },
  );
}

function validateTolerationUpdate(
  tolerations: readonly Toleration[],
  old: readonly Toleration[],
): FieldError[] {
  const kept = old.every((previous) => tolerations.some((current) => sameToleration(current, previous)));
  return kept
    ? []
    : [
        fieldError.forbidden(
          "spec.tolerations",
          "existing toleration can not be modified except its tolerationSeconds",
        ),
      ];
}

function validateDeadlineUpdate(deadline: bigint | undefined, old: bigint | undefined): FieldError[] {
  if (old === undefined) return [];
  if (deadline === undefined)
    return [
      fieldError.invalid(
        "spec.activeDeadlineSeconds",
        null,
        "must not update from a positive integer to nil value",
      ),
    ];
  return deadline > old
    ? [
        fieldError.invalid(
          "spec.activeDeadlineSeconds",
          Number(deadline),
          "must be less than or equal to previous value",
        ),
      ]
    : [];
}

/**
 * A pod's spec is fixed once created, except container images, a shorter active deadline and added
 * tolerations (Kubernetes' ValidatePodUpdate). Scheduling writes spec.nodeName through the binding
 * subresource, not through an update.
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = pod.spec;
  const oldSpec = old.spec;
  if (!spec || !oldSpec) return [];
  const errors = [
    ...validateTolerationUpdate(spec.tolerations, oldSpec.tolerations),
    ...validateDeadlineUpdate(spec.activeDeadlineSeconds, oldSpec.activeDeadlineSeconds),
  ];
  if (!equals(PodSpecSchema, withoutMutableFields(spec, oldSpec), oldSpec))
    errors.push(fieldError.forbidden("spec", IMMUTABLE_SPEC));
  return errors;
}

/** The new spec with the fields an update may change taken from the old one. */
function withoutMutableFields(spec: PodSpec, old: PodSpec): PodSpec {
  const candidate = clone(PodSpecSchema, spec);
  for (const [containers, previous] of [
    [candidate.containers, old.containers],
    [candidate.initContainers, old.initContainers],
  ] as const) {
    for (const [index, container] of containers.entries()) {
      const before = previous[index];
      if (before) container.image = before.image;
    }
  }
  candidate.activeDeadlineSeconds = old.activeDeadlineSeconds;
  candidate.tolerations = old.tolerations.map((toleration) => clone(TolerationSchema, toleration));
  return candidate;
}
