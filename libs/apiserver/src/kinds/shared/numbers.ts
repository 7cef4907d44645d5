import { type FieldError, fieldError } from "@capstan/apimachinery";

/** `<path>: Invalid value: -1: must be greater than or equal to 0` for a negative value (unset is fine). */
export function nonNegative(value: number | bigint | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0
    ? [fieldError.invalid(path, Number(value), "must be greater than or equal to 0")]
    : [];
}

/** `<path>: Invalid value: 0: must be greater than 0` for a value that is not positive (unset is fine). */
export function positive(value: number | bigint | undefined, path: string): FieldError[] {
  return value !== undefined && value <= 0
    ? [fieldError.invalid(path, Number(value), "must be greater than 0")]
    : [];
}
