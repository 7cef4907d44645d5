import { ApiError } from "../api-error.js";
import { type FieldError, fieldError, formatFieldError } from "../field-error.js";
import { validateLabelValue, validateQualifiedName } from "../validation/names.js";

/**
 * Label selector operators. `==` is accepted by the parser but stored as `=`, its meaning; `gt`/`lt`
 * compare integer label values (Kubernetes' `>`/`<`).
 */
export type LabelOperator = "=" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** One condition on one label key. Values are sorted and free of duplicates. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A label set as carried in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Builds a requirement, checking it as Kubernetes' NewRequirement does (key, value count for the
 * operator, each value); throws ApiError.badRequest with the field errors in one line.
 */
export function newLabelRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): LabelRequirement {
  if (!Array.isArray(values)) throw ApiError.badRequest("values: must be a list of strings");
  const errors: FieldError[] = [];
  const keyProblems = validateQualifiedName(key);
  if (keyProblems.length > 0) errors.push(fieldError.invalid("key", key, keyProblems.join("; ")));
  const unique = [...new Set(values)].sort();
  switch (operator) {
    case "in":
    case "notin":
      if (unique.length === 0)
        errors.push(
          fieldError.invalid("values", unique, "for 'in', 'notin' operators, values set can't be empty"),
        );
      break;
    case "=":
    case "!=":
      if (unique.length !== 1)
        errors.push(
          fieldError.invalid("values", unique, "exact-match compatibility requires one single value"),
        );
      break;
    case "exists":
    case "!":
      if (unique.length !== 0)
        errors.push(
          fieldError.invalid("values", unique, "values set must be empty for exists and does not exist"),
        );
      break;
    case "gt":
    case "lt":
      if (unique.length !== 1)
        errors.push(
          fieldError.invalid("values", unique, "for 'Gt', 'Lt' operators, exactly one value is required"),
        );
      unique.forEach((value, index) => {
        if (parseInteger(value) === undefined)
          errors.push(
            fieldError.invalid(
              `values[${index}]`,
              value,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
      });
      break;
    default:
      errors.push(
        fieldError.notSupported("operator", operator, [
          "in",
          "notin",
          "=",
          "==",
          "!=",
          "exists",
          "!",
          "gt",
          "lt",
        ]),
      );
  }
  unique.forEach((value, index) => {
    const problems = validateLabelValue(value);
    if (problems.length > 0) errors.push(fieldError.invalid(`values[${index}]`, value, problems.join("; ")));
  });
  if (errors.length > 0) throw ApiError.badRequest(joinFieldErrors(errors));
  return { key, operator, values: unique };
}

function joinFieldErrors(errors: readonly FieldError[]): string {
  const lines = errors.map(formatFieldError);
  return lines.length === 1 ? (lines[0] ?? "") : `[${lines.join(", ")}]`;
}

/** Whether a label set satisfies one requirement (missing keys satisfy `!=` and `notin`). */
export function labelRequirementMatches(requirement: LabelRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case "=":
    case "in":
      return value !== undefined && requirement.values.includes(value);
    case "!=":
    case "notin":
      return value === undefined || !requirement.values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      const actual = value === undefined ? undefined : parseInteger(value);
      const bound = parseInteger(requirement.values[0] ?? "");
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === "gt" ? actual > bound : actual < bound;
    }
  }
}

/** The canonical text of a requirement: `a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`, `a>5`. */
export function formatLabelRequirement(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  switch (operator) {
    case "exists":
      return key;
    case "!":
      return `!${key}`;
    case "in":
    case "notin":
      return `${key} ${operator} (${values.join(",")})`;
    case "gt":
      return `${key}>${values[0]}`;
    case "lt":
      return `${key}<${values[0]}`;
    default:
      return `${key}${operator}${values[0]}`;
  }
}

/** A base-10 integer as Go's ParseInt reads it (optional sign), or undefined. */
function parseInteger(text: string): bigint | undefined {
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}
