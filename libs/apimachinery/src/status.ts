/**
 * Kubernetes' `Status` object (meta/v1), the body of every failed request, and the machine-readable
 * reasons it carries. Empty fields are left out, as Go's `omitempty` does, because clients compare
 * details such as `{"name":"nope","kind":"pods"}` verbatim.
 */

/** Reasons from k8s.io/apimachinery/pkg/apis/meta/v1 (StatusReason) that Capstan produces. */
export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Expired"
  | "Invalid"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "TooManyRequests"
  | "InternalError"
  | "ServiceUnavailable"
  | "Timeout"
  | "ServerTimeout"
  | "Unknown";

/** One cause of a failure; for `Invalid`, one field error (`reason` is the field error type). */
export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

/** Which object the failure is about. `kind` holds the resource plural for most reasons (a Kubernetes quirk). */
export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** The JSON form of a failure Status, field order as the Kubernetes apiserver writes it. */
export interface Status {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly metadata: Record<string, never>;
  readonly status: "Failure";
  readonly message?: string;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly code: number;
}

/** Copies details, keeping only non-empty, well-typed fields; undefined when nothing is left. */
export function compactDetails(details: StatusDetails | undefined): StatusDetails | undefined {
  if (!isRecord(details)) return undefined;
  const out: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  } = {};
  for (const field of ["name", "group", "kind", "uid"] as const) {
    const value = details[field];
    if (typeof value === "string" && value) out[field] = value;
  }
  if (Array.isArray(details.causes) && details.causes.length > 0)
    out.causes = details.causes.map(compactCause);
  const retry = details.retryAfterSeconds;
  if (typeof retry === "number" && Number.isFinite(retry) && retry > 0) out.retryAfterSeconds = retry;
  return Object.keys(out).length > 0 ? out : undefined;
}

function compactCause(cause: StatusCause): StatusCause {
  const out: { reason?: string; message?: string; field?: string } = {};
  if (!isRecord(cause)) return out;
  for (const field of ["reason", "message", "field"] as const) {
    const value = cause[field];
    if (typeof value === "string" && value) out[field] = value;
  }
  return out;
}

/** Reads details out of untrusted JSON, keeping only well-typed fields. */
export function readDetails(value: unknown): StatusDetails | undefined {
  if (!isRecord(value)) return undefined;
  const causes = Array.isArray(value.causes)
    ? value.causes.filter(isRecord).map((cause) => ({
        reason: optionalString(cause.reason),
        message: optionalString(cause.message),
        field: optionalString(cause.field),
      }))
    : undefined;
  return compactDetails({
    name: optionalString(value.name),
    group: optionalString(value.group),
    kind: optionalString(value.kind),
    uid: optionalString(value.uid),
    causes,
    retryAfterSeconds: typeof value.retryAfterSeconds === "number" ? value.retryAfterSeconds : undefined,
  });
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** True for a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The HTTP code if `value` is an integer error status (400-599). */
export function validHttpCode(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599
    ? value
    : undefined;
}

/** The reason a Status without one implies, as client-go infers it from the HTTP code. */
const REASON_BY_HTTP_CODE: Record<number, StatusReason> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  410: "Gone",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function reasonForHttpCode(code: number): StatusReason {
  return REASON_BY_HTTP_CODE[code] ?? "Unknown";
}
