import { ApiError } from "@capstan/apimachinery";
import { Metadata, type StatusObject, status } from "@grpc/grpc-js";

/**
 * Trailing-metadata key carrying the Kubernetes Status (UTF-8 JSON, exactly the REST error body) of a failed
 * call, so gRPC clients get the reason, details and causes back, not only a code and a message.
 */
export const STATUS_METADATA_KEY = "capstan-status-bin";

/** The gRPC status a server sends for anything thrown: code and message from the ApiError, Status in trailers. */
export function toGrpcStatus(error: unknown): StatusObject {
  const apiError = ApiError.from(error);
  const metadata = new Metadata();
  metadata.set(STATUS_METADATA_KEY, Buffer.from(JSON.stringify(apiError.toStatus()), "utf8"));
  return { code: apiError.grpcCode, details: apiError.message, metadata };
}

/** HTTP code and reason for a gRPC code, for failures that carry no Status (transport errors, other servers). */
const BY_GRPC_CODE: Partial<Record<status, { code: number; reason: string }>> = {
  [status.INVALID_ARGUMENT]: { code: 400, reason: "BadRequest" },
  [status.FAILED_PRECONDITION]: { code: 400, reason: "BadRequest" },
  [status.UNAUTHENTICATED]: { code: 401, reason: "Unauthorized" },
  [status.PERMISSION_DENIED]: { code: 403, reason: "Forbidden" },
  [status.NOT_FOUND]: { code: 404, reason: "NotFound" },
  [status.UNIMPLEMENTED]: { code: 405, reason: "MethodNotAllowed" },
  [status.ALREADY_EXISTS]: { code: 409, reason: "AlreadyExists" },
  [status.ABORTED]: { code: 409, reason: "Conflict" },
  [status.OUT_OF_RANGE]: { code: 410, reason: "Expired" },
  [status.RESOURCE_EXHAUSTED]: { code: 429, reason: "TooManyRequests" },
  [status.CANCELLED]: { code: 503, reason: "ServiceUnavailable" },
  [status.UNAVAILABLE]: { code: 503, reason: "ServiceUnavailable" },
  [status.DEADLINE_EXCEEDED]: { code: 504, reason: "Timeout" },
};

/**
 * Turns a failed call's error (a grpc-js ServiceError, or anything else) into an ApiError: the Status from
 * the trailers when the server sent one, otherwise one derived from the gRPC code and message.
 */
export function apiErrorFromGrpc(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!isStatusLike(error)) return ApiError.from(error);
  const carried = error.metadata?.get(STATUS_METADATA_KEY)[0];
  if (carried !== undefined) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(carried).toString("utf8"));
      return withCause(ApiError.fromStatus(parsed), error);
    } catch {
      // A garbled Status: fall back to the code and message below.
    }
  }
  const mapped = BY_GRPC_CODE[error.code as status] ?? { code: 500, reason: "InternalError" };
  const message = error.details || `gRPC call failed with code ${error.code}`;
  return new ApiError({ ...mapped, message }, { cause: error });
}

interface StatusLike {
  code: number;
  details: string;
  metadata?: Metadata;
}

function isStatusLike(error: unknown): error is StatusLike {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as Partial<StatusLike>;
  return (
    typeof candidate.code === "number" &&
    typeof candidate.details === "string" &&
    (candidate.metadata === undefined || candidate.metadata instanceof Metadata)
  );
}

function withCause(apiError: ApiError, cause: unknown): ApiError {
  return new ApiError(
    {
      code: apiError.httpCode,
      reason: apiError.reason,
      message: apiError.message,
      details: apiError.details,
    },
    { cause },
  );
}
