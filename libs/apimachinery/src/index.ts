export { ApiError, type ApiErrorInit } from "./api-error.js";
export {
  type FieldError,
  type FieldErrorType,
  fieldError,
  formatFieldError,
  formatFieldErrorBody,
} from "./field-error.js";
export { GrpcCode, grpcCodeFor } from "./grpc-code.js";
export type { Status, StatusCause, StatusDetails, StatusReason } from "./status.js";
