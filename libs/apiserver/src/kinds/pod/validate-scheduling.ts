import type { Affinity, NodeSelectorTerm, Toleration } from "@capstan/api";
import { type FieldError, fieldError, validateQualifiedName } from "@capstan/apimachinery";
import { TAINT_EFFECTS } from "../node/strategy.js";

const TOLERATION_OPERATORS = ["Equal", "Exists"];
const NODE_SELECTOR_OPERATORS = ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"];

/** Tolerations as Kubernetes' ValidateTolerations checks them. */
export function validateTolerations(tolerations: readonly Toleration[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [index, toleration] of tolerations.entries()) {
    const at = `${path}[${index}]`;
    if (toleration.key !== "")
      for (const problem of validateQualifiedName(toleration.key))
        errors.push(fieldError.invalid(`${at}.key`, toleration.key, problem));
    const operator = toleration.operator || "Equal";
    if (toleration.key === "" && operator !== "Exists")
      errors.push(
        fieldError.invalid(
          `${at}.operator`,
          toleration.operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (!TOLERATION_OPERATORS.includes(operator))
      errors.push(fieldError.notSupported(`${at}.operator`, toleration.operator, TOLERATION_OPERATORS));
    if (operator === "Exists" && toleration.value !== "")
      errors.push(
        fieldError.invalid(
          `${at}.operator`,
          toleration.value,
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    if (toleration.effect !== "" && !TAINT_EFFECTS.includes(toleration.effect))
      errors.push(fieldError.notSupported(`${at}.effect`, toleration.effect, TAINT_EFFECTS));
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== "NoExecute")
      errors.push(
        fieldError.invalid(
          `${at}.effect`,
          toleration.effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
  }
  return errors;
}

function validateTerm(term: NodeSelectorTerm, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, requirements] of [
    ["matchExpressions", term.matchExpressions],
    ["matchFields", term.matchFields],
  ] as const) {
    for (const [index, requirement] of requirements.entries()) {
      const at = `${path}.${field}[${index}]`;
      if (!NODE_SELECTOR_OPERATORS.includes(requirement.operator))
        errors.push(
          fieldError.invalid(`${at}.operator`, requirement.operator, "not a valid selector operator"),
        );
      const needsValues = ["In", "NotIn", "Gt", "Lt"].includes(requirement.operator);
      if (needsValues && requirement.values.length === 0)
        errors.push(
          fieldError.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      if (!needsValues && requirement.values.length > 0)
        errors.push(
          fieldError.forbidden(
            `${at}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      for (const problem of validateQualifiedName(requirement.key))
        errors.push(fieldError.invalid(`${at}.key`, requirement.key, problem));
    }
  }
  return errors;
}

function validateWeight(weight: number | undefined, path: string): FieldError[] {
  const value = weight ?? 0;
  return value < 1 || value > 100 ? [fieldError.invalid(path, value, "must be in the range 1-100")] : [];
}

/** Node affinity terms and the weights of preferences (pod affinity terms need a topologyKey). */
export function validateAffinity(affinity: Affinity | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errors: FieldError[] = [];
  const node = affinity.nodeAffinity;
  const required = node?.requiredDuringSchedulingIgnoredDuringExecution;
  const requiredPath = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  if (required && required.nodeSelectorTerms.length === 0)
    errors.push(
      fieldError.required(`${requiredPath}.nodeSelectorTerms`, "must have at least one node selector term"),
    );
  for (const [index, term] of (required?.nodeSelectorTerms ?? []).entries())
    errors.push(...validateTerm(term, `${requiredPath}.nodeSelectorTerms[${index}]`));
  for (const [index, preferred] of (node?.preferredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
    const at = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
    errors.push(...validateWeight(preferred.weight, `${at}.weight`));
    if (preferred.preference) errors.push(...validateTerm(preferred.preference, `${at}.preference`));
  }
  for (const [field, podAffinity] of [
    ["podAffinity", affinity.podAffinity],
    ["podAntiAffinity", affinity.podAntiAffinity],
  ] as const) {
    for (const [index, term] of (podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).entries())
      if (term.topologyKey === "")
        errors.push(
          fieldError.required(
            `${path}.${field}.requiredDuringSchedulingIgnoredDuringExecution[${index}].topologyKey`,
            "can not be empty",
          ),
        );
    for (const [index, weighted] of (
      podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    ).entries()) {
      const at = `${path}.${field}.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      errors.push(...validateWeight(weighted.weight, `${at}.weight`));
      if (weighted.podAffinityTerm?.topologyKey === "")
        errors.push(fieldError.required(`${at}.podAffinityTerm.topologyKey`, "can not be empty"));
    }
  }
  return errors;
}
