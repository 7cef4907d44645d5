import type { IntOrString } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { validatePortName, validatePortNumber } from "./value-rules.js";

/** The JSON value of an IntOrString (what error messages show), undefined when unset. */
export function intOrStringValue(value: IntOrString | undefined): number | string | undefined {
  return value?.value.case === undefined ? undefined : value.value.value;
}

/** A port given as a number (1-65535) or as the name of a container port. */
export function validatePortNumberOrName(port: IntOrString | undefined, path: string): FieldError[] {
  const value = port?.value;
  if (value === undefined || value.case === undefined) return [fieldError.required(path)];
  const problems = value.case === "intVal" ? validatePortNumber(value.value) : validatePortName(value.value);
  return problems.map((problem) => fieldError.invalid(path, value.value, problem));
}

const PERCENT = /^[0-9]+%$/;

/** A non-negative count or a percentage such as `25%` (rolling update bounds). */
export function validateCountOrPercent(value: IntOrString | undefined, path: string): FieldError[] {
  const inner = value?.value;
  if (inner === undefined || inner.case === undefined) return [];
  if (inner.case === "intVal")
    return inner.value < 0
      ? [fieldError.invalid(path, inner.value, "must be greater than or equal to 0")]
      : [];
  if (!PERCENT.test(inner.value))
    return [
      fieldError.invalid(
        path,
        inner.value,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  return [];
}

/** The count or percentage as a number (percentages without the sign), 0 when unset. */
export function countOrPercent(value: IntOrString | undefined): { amount: number; percent: boolean } {
  const inner = value?.value;
  if (inner === undefined || inner.case === undefined) return { amount: 0, percent: false };
  if (inner.case === "intVal") return { amount: inner.value, percent: false };
  return { amount: Number.parseInt(inner.value, 10) || 0, percent: true };
}
