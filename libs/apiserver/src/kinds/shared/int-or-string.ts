import {
  intOrStringValue as heldValue,
  INT_OR_STRING_INT,
  INT_OR_STRING_STRING,
  type IntOrString,
} from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { validatePortName, validatePortNumber } from "./value-rules.js";

/** The JSON value of an IntOrString (what error messages show), undefined when unset. */
export function intOrStringValue(value: IntOrString | undefined): number | string | undefined {
  return value === undefined ? undefined : heldValue(value);
}

/** A port given as a number (1-65535) or as the name of a container port. */
export function validatePortNumberOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (port === undefined) return [fieldError.required(path)];
  const typeProblem = validateType(port, path);
  if (typeProblem) return [typeProblem];
  const problems =
    port.type === INT_OR_STRING_STRING ? validatePortName(port.strVal) : validatePortNumber(port.intVal);
  return problems.map((problem) => fieldError.invalid(path, heldValue(port), problem));
}

/** A type other than int (0) or string (1) can only come from a gRPC client; JSON cannot carry it. */
function validateType(value: IntOrString, path: string): FieldError | undefined {
  if (value.type === INT_OR_STRING_INT || value.type === INT_OR_STRING_STRING) return undefined;
  return fieldError.invalid(path, value.type, "an int-or-string type must be 0 (int) or 1 (string)");
}

const PERCENT = /^[0-9]+%$/;

/** A non-negative count or a percentage such as `25%` (rolling update bounds). */
export function validateCountOrPercent(value: IntOrString | undefined, path: string): FieldError[] {
  if (value === undefined) return [];
  const typeProblem = validateType(value, path);
  if (typeProblem) return [typeProblem];
  if (value.type === INT_OR_STRING_INT)
    return value.intVal < 0
      ? [fieldError.invalid(path, value.intVal, "must be greater than or equal to 0")]
      : [];
  if (!PERCENT.test(value.strVal))
    return [
      fieldError.invalid(
        path,
        value.strVal,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  return [];
}

/** The count or percentage as a number (percentages without the sign), 0 when unset. */
export function countOrPercent(value: IntOrString | undefined): { amount: number; percent: boolean } {
  if (value === undefined || value.type !== INT_OR_STRING_STRING)
    return { amount: value?.intVal ?? 0, percent: false };
  return { amount: Number.parseInt(value.strVal, 10) || 0, percent: true };
}
