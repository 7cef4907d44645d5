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

/** Copies details, dropping empty fields; returns undefined when nothing is left. */
export function compactDetails(details: StatusDetails | undefined): StatusDetails | undefined {
  if (!details) return undefined;
  const out: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  } = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes && details.causes.length > 0) out.causes = details.causes.map(compactCause);
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return Object.keys(out).length > 0 ? out : undefined;
}

function compactCause(cause: StatusCause): StatusCause {
  const out: { reason?: string; message?: string; field?: string } = {};
  if (cause.reason) out.reason = cause.reason;
  if (cause.message) out.message = cause.message;
  if (cause.field) out.field = cause.field;
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
