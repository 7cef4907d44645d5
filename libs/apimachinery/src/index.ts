export { type FieldError, type FieldErrorType, fieldError, formatFieldError } from "./field-error.js";
