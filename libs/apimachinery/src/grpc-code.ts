import type { StatusReason } from "./status.js";

/** The numeric gRPC status codes (grpc/status.proto), so this package needs no gRPC dependency. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/**
 * The gRPC code for each Kubernetes reason. Chosen so that every reason a client acts on differently
 * lands on a different code:
 * - Conflict (stale resourceVersion) is ABORTED, gRPC's "retry at a higher level (read-modify-write)",
 *   and AlreadyExists keeps ALREADY_EXISTS, although both are HTTP 409.
 * - Gone/Expired (a resourceVersion older than the kept history) is OUT_OF_RANGE: the revision asked for
 *   lies outside the window the store still holds, and the cure is to ask again from a newer one (relist).
 *   FAILED_PRECONDITION would suggest fixing the system state first, and no other reason maps to
 *   OUT_OF_RANGE, so a gRPC watcher can recognise "relist" from the code alone.
 */
const BY_REASON: Record<StatusReason, GrpcCode> = {
  BadRequest: GrpcCode.INVALID_ARGUMENT,
  Invalid: GrpcCode.INVALID_ARGUMENT,
  UnsupportedMediaType: GrpcCode.INVALID_ARGUMENT,
  NotAcceptable: GrpcCode.INVALID_ARGUMENT,
  Unauthorized: GrpcCode.UNAUTHENTICATED,
  Forbidden: GrpcCode.PERMISSION_DENIED,
  NotFound: GrpcCode.NOT_FOUND,
  MethodNotAllowed: GrpcCode.UNIMPLEMENTED,
  AlreadyExists: GrpcCode.ALREADY_EXISTS,
  Conflict: GrpcCode.ABORTED,
  Gone: GrpcCode.OUT_OF_RANGE,
  Expired: GrpcCode.OUT_OF_RANGE,
  RequestEntityTooLarge: GrpcCode.RESOURCE_EXHAUSTED,
  TooManyRequests: GrpcCode.RESOURCE_EXHAUSTED,
  InternalError: GrpcCode.INTERNAL,
  ServiceUnavailable: GrpcCode.UNAVAILABLE,
  Timeout: GrpcCode.DEADLINE_EXCEEDED,
  ServerTimeout: GrpcCode.DEADLINE_EXCEEDED,
  Unknown: GrpcCode.UNKNOWN,
};

/** Fallback by HTTP code, for reasons this table does not know (e.g. from another server's Status). */
const BY_HTTP: Record<number, GrpcCode> = {
  400: GrpcCode.INVALID_ARGUMENT,
  401: GrpcCode.UNAUTHENTICATED,
  403: GrpcCode.PERMISSION_DENIED,
  404: GrpcCode.NOT_FOUND,
  405: GrpcCode.UNIMPLEMENTED,
  406: GrpcCode.INVALID_ARGUMENT,
  409: GrpcCode.ABORTED,
  410: GrpcCode.OUT_OF_RANGE,
  413: GrpcCode.RESOURCE_EXHAUSTED,
  415: GrpcCode.INVALID_ARGUMENT,
  422: GrpcCode.INVALID_ARGUMENT,
  429: GrpcCode.RESOURCE_EXHAUSTED,
  500: GrpcCode.INTERNAL,
  503: GrpcCode.UNAVAILABLE,
  504: GrpcCode.DEADLINE_EXCEEDED,
};

/** The gRPC code for a Status, by reason first and HTTP code second. */
export function grpcCodeFor(reason: string, httpCode: number): GrpcCode {
  const byReason =
    typeof reason === "string" && Object.hasOwn(BY_REASON, reason)
      ? BY_REASON[reason as StatusReason]
      : undefined;
  const byHttp = typeof httpCode === "number" ? BY_HTTP[httpCode] : undefined;
  return byReason ?? byHttp ?? GrpcCode.UNKNOWN;
}
