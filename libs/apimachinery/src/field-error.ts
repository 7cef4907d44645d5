import { safeJson, safeText } from "./safe-text.js";

/** Kubernetes' field error types (k8s.io/apimachinery/pkg/util/validation/field), as they appear in Status causes. */
export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany";

/** One thing wrong with one field, e.g. `spec.containers[0].image: Required value`. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Path in the object, e.g. `spec.containers[0].image`. */
  readonly field: string;
  /** Human detail after the type's own wording. */
  readonly detail?: string;
  readonly badValue?: unknown;
}

const WORDING: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
};

/** Types whose message never shows the value, as in Kubernetes (the value may be huge or absent). */
const VALUE_HIDDEN = new Set<FieldErrorType>([
  "FieldValueRequired",
  "FieldValueForbidden",
  "FieldValueTooLong",
]);

/** The one-line form Kubernetes prints: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(error: FieldError): string {
  return `${safeText(error?.field)}: ${formatFieldErrorBody(error)}`;
}

/** The message without the field path (Kubernetes' `ErrorBody`), as carried in a Status cause's message. */
export function formatFieldErrorBody(error: FieldError): string {
  const type = error?.type;
  const parts = [(type && Object.hasOwn(WORDING, type) ? WORDING[type] : undefined) ?? "Invalid value"];
  if (error?.badValue !== undefined && !VALUE_HIDDEN.has(type)) parts.push(safeJson(error.badValue));
  if (error?.detail) parts.push(safeText(error.detail));
  return parts.join(": ");
}

export const fieldError = {
  required: (field: string, detail?: string): FieldError => ({ type: "FieldValueRequired", field, detail }),
  invalid: (field: string, badValue: unknown, detail: string): FieldError => ({
    type: "FieldValueInvalid",
    field,
    badValue,
    detail,
  }),
  notSupported: (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: "FieldValueNotSupported",
    field,
    badValue,
    detail: `supported values: ${supported.map((value) => JSON.stringify(value)).join(", ")}`,
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({
    type: "FieldValueDuplicate",
    field,
    badValue,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "FieldValueForbidden", field, detail }),
  tooLong: (field: string, badValue: unknown, max: number): FieldError => ({
    type: "FieldValueTooLong",
    field,
    badValue,
    detail: `may not be more than ${max} bytes`,
  }),
};
