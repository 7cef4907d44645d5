import { ApiError } from "../api-error.js";
import { type FieldError, fieldError } from "../field-error.js";
import { isRecord } from "../status.js";
import { validateQualifiedName } from "../validation/names.js";
import { validateLabels } from "../validation/object-meta.js";
import { type LabelOperator, type LabelRequirement, newLabelRequirement } from "./label-requirement.js";
import { LabelSelector } from "./label-selector.js";

/** meta/v1 LabelSelector as plain data; structurally compatible with the generated message. */
export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirementObject[];
}

export interface LabelSelectorRequirementObject {
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: string;
  readonly values?: readonly string[];
}

const OPERATORS: Record<string, LabelOperator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * The selector an API object's LabelSelector stands for (Kubernetes' LabelSelectorAsSelector): absent
 * selects nothing, empty selects everything. Bad content throws ApiError.badRequest.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | undefined | null): LabelSelector {
  if (selector === undefined || selector === null) return LabelSelector.nothing();
  if (!isObject(selector)) throw ApiError.badRequest("label selector must be an object");
  const { matchLabels = {}, matchExpressions = [] } = selector;
  if (!isRecord(matchLabels)) throw ApiError.badRequest("matchLabels: must be an object of strings");
  if (!Array.isArray(matchExpressions)) throw ApiError.badRequest("matchExpressions: must be a list");
  const requirements: LabelRequirement[] = [];
  // Values of the wrong type are passed on as they are: newLabelRequirement reports them.
  for (const [key, value] of Object.entries(matchLabels))
    requirements.push(newLabelRequirement(key, "=", [value as string]));
  for (const expression of matchExpressions as readonly unknown[]) {
    if (!isRecord(expression) || typeof expression.key !== "string")
      throw ApiError.badRequest("matchExpressions: each item must be an object with a key");
    const operator = OPERATORS[String(expression.operator)];
    if (!operator)
      throw ApiError.badRequest(
        `${JSON.stringify(expression.operator)} is not a valid label selector operator`,
      );
    requirements.push(newLabelRequirement(expression.key, operator, (expression.values ?? []) as string[]));
  }
  return requirements.length === 0 ? LabelSelector.everything() : LabelSelector.of(requirements);
}

/**
 * Field errors for a LabelSelector inside an object being validated (Kubernetes' ValidateLabelSelector),
 * e.g. `spec.selector.matchExpressions[0].values: Required value: ...`.
 */
export function validateLabelSelectorObject(
  selector: LabelSelectorObject | undefined,
  path: string,
): FieldError[] {
  if (selector === undefined) return [];
  if (!isObject(selector)) return [fieldError.invalid(path, selector, "must be an object")];
  const errors = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expression, index) => {
    const at = `${path}.matchExpressions[${index}]`;
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          errors.push(
            fieldError.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0)
          errors.push(
            fieldError.forbidden(
              `${at}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        errors.push(
          fieldError.invalid(`${at}.operator`, expression.operator, "not a valid selector operator"),
        );
    }
    for (const problem of validateQualifiedName(expression.key))
      errors.push(fieldError.invalid(`${at}.key`, expression.key, problem));
  });
  return errors;
}

/** Object check that keeps the declared type (isRecord would widen it to unknown fields). */
function isObject<T extends object>(value: T | null | undefined): value is T {
  return isRecord(value);
}
