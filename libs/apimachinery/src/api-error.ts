import { type FieldError, formatFieldError, formatFieldErrorBody } from "./field-error.js";
import { type GrpcCode, grpcCodeFor } from "./grpc-code.js";
import { safeText } from "./safe-text.js";
import {
  compactDetails,
  isRecord,
  readDetails,
  reasonForHttpCode,
  type Status,
  type StatusDetails,
  type StatusReason,
  validHttpCode,
} from "./status.js";

/** What an ApiError is made of: the fields of a failure Status. */
export interface ApiErrorInit {
  readonly code: number;
  readonly reason: StatusReason | (string & {});
  readonly message: string;
  readonly details?: StatusDetails;
}

const CONFLICT_DETAIL =
  "the object has been modified; please apply your changes to the latest version and try again";

/**
 * The one error type of Capstan: a Kubernetes failure Status, mapped once to HTTP and to gRPC.
 * Business code throws it; the HTTP and gRPC edges turn it into a response with `toStatus()`/`grpcCode`.
 * The factories use the exact message wording of k8s.io/apimachinery/pkg/api/errors, because kubectl
 * prints server messages verbatim and users search for them.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status code. */
  readonly httpCode: number;
  /** Machine-readable reason (`NotFound`, `Conflict`, ...). */
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(init: ApiErrorInit, options?: { cause?: unknown }) {
    super(safeText(init?.message ?? ""), options);
    this.httpCode = validHttpCode(init?.code) ?? 500;
    this.reason = safeText(init?.reason ?? "Unknown");
    this.details = compactDetails(init?.details);
  }

  /** The gRPC status code for this error (see grpc-code.ts for the mapping and its reasons). */
  get grpcCode(): GrpcCode {
    return grpcCodeFor(this.reason, this.httpCode);
  }

  /** The Kubernetes Status JSON, as the apiserver writes it in an error response body. */
  toStatus(): Status {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      ...(this.message ? { message: this.message } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.httpCode,
    };
  }

  /** True when `error` is an ApiError, and (when given) has this reason. */
  static is(error: unknown, reason?: StatusReason): error is ApiError {
    return error instanceof ApiError && (reason === undefined || error.reason === reason);
  }

  /**
   * Normalises anything thrown into an ApiError. ApiErrors pass through; anything else becomes a 500
   * whose message is the error's message only (never its stack), the original kept as `cause` for logs.
   */
  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    const message =
      error instanceof Error ? error.message : typeof error === "string" ? error : "unknown error";
    return ApiError.internal(message || "unknown error", error);
  }

  /**
   * Rebuilds an ApiError from a Status body received by a client. Bodies that are not a Status still give
   * an error, built from `httpCode` (the response's status), as client-go does.
   */
  static fromStatus(json: unknown, httpCode?: number): ApiError {
    const body = isRecord(json) ? json : {};
    const code = validHttpCode(body.code) ?? validHttpCode(httpCode) ?? 500;
    const reason = typeof body.reason === "string" && body.reason ? body.reason : reasonForHttpCode(code);
    const message =
      typeof body.message === "string" && body.message
        ? body.message
        : `the server responded with status ${code} (${reason})`;
    return new ApiError({ code, reason, message, details: readDetails(body.details) });
  }

  /** 400: the request itself is malformed. The message is shown to the user as is. */
  static badRequest(message: string): ApiError {
    return new ApiError({ code: 400, reason: "BadRequest", message });
  }

  /** 401: no or bad credentials. */
  static unauthorized(message = ""): ApiError {
    return new ApiError({ code: 401, reason: "Unauthorized", message: message || "Unauthorized" });
  }

  /** 403: `pods "x" is forbidden: <reason>` (`pods is forbidden: ...` without a name). */
  static forbidden(resource: string, name: string, reason: string): ApiError {
    return aboutObject(403, "Forbidden", resource, name, (subject, quotedName) => {
      const why = safeText(reason);
      if (!subject) return `forbidden: ${why}`;
      return quotedName === '""'
        ? `${subject} is forbidden: ${why}`
        : `${subject} ${quotedName} is forbidden: ${why}`;
    });
  }

  /** 404: `pods "nope" not found`; `resource` is the group-qualified plural (`deployments.apps`). */
  static notFound(resource: string, name: string): ApiError {
    return aboutObject(
      404,
      "NotFound",
      resource,
      name,
      (subject, quotedName) => `${subject} ${quotedName} not found`,
    );
  }

  /** 405: `watch is not supported on resources of kind "bindings"`. */
  static methodNotSupported(resource: string, verb: string): ApiError {
    const { group, plural } = splitQualified(safeText(resource));
    const message = `${safeText(verb)} is not supported on resources of kind ${JSON.stringify(safeText(resource))}`;
    return new ApiError({ code: 405, reason: "MethodNotAllowed", message, details: { group, kind: plural } });
  }

  /** 406: none of the media types in Accept can be produced. */
  static notAcceptable(accepted: readonly string[]): ApiError {
    const message = `only the following media types are accepted: ${textList(accepted)}`;
    return new ApiError({ code: 406, reason: "NotAcceptable", message });
  }

  /** 409 AlreadyExists: `pods "x" already exists`. */
  static alreadyExists(resource: string, name: string): ApiError {
    return aboutObject(
      409,
      "AlreadyExists",
      resource,
      name,
      (subject, quotedName) => `${subject} ${quotedName} already exists`,
    );
  }

  /** 409 Conflict: `Operation cannot be fulfilled on pods "x": <detail>` (detail defaults to the stale-write one). */
  static conflict(resource: string, name: string, detail = CONFLICT_DETAIL): ApiError {
    return aboutObject(
      409,
      "Conflict",
      resource,
      name,
      (subject, quotedName) =>
        `Operation cannot be fulfilled on ${subject} ${quotedName}: ${safeText(detail)}`,
    );
  }

  /**
   * 410 with reason `Expired`: a resourceVersion or continue token older than the kept history. Kubernetes
   * uses `Expired` (NewResourceExpired) for every such case in the apiserver, and clients relist on it.
   */
  static gone(message: string): ApiError {
    return new ApiError({ code: 410, reason: "Expired", message });
  }

  /** 413: `Request entity too large: <message>`. */
  static requestEntityTooLarge(message: string): ApiError {
    return new ApiError({
      code: 413,
      reason: "RequestEntityTooLarge",
      message: `Request entity too large: ${safeText(message)}`,
    });
  }

  /** 415: the body's Content-Type is not one the endpoint reads. */
  static unsupportedMediaType(contentType: string, accepted: readonly string[] = []): ApiError {
    const message =
      Array.isArray(accepted) && accepted.length > 0
        ? `the body of the request was in an unknown format - accepted media types include: ${textList(accepted)}`
        : `the body of the request was in an unknown format: ${JSON.stringify(safeText(contentType))}`;
    return new ApiError({ code: 415, reason: "UnsupportedMediaType", message });
  }

  /**
   * 422: `Pod "x" is invalid: spec.containers[0].image: Required value` (several errors: `[a, b]`), with one
   * cause per field error. `qualifiedKind` is `Kind` or `Kind.group` (`Deployment.apps`).
   */
  static invalid(qualifiedKind: string, name: string, errors: readonly FieldError[]): ApiError {
    const kindText = safeText(qualifiedKind);
    const nameText = safeText(name);
    const { group, plural: kind } = splitQualified(kindText);
    const list: readonly FieldError[] = Array.isArray(errors) ? errors : [];
    const lines = [...new Set(list.map(formatFieldError))];
    const summary = lines.length === 1 ? lines[0] : `[${lines.join(", ")}]`;
    const prefix = `${kindText} ${JSON.stringify(nameText)} is invalid`;
    const causes = list.map((error) => ({
      reason: safeText(error?.type),
      message: formatFieldErrorBody(error),
      field: safeText(error?.field),
    }));
    return new ApiError({
      code: 422,
      reason: "Invalid",
      message: lines.length > 0 ? `${prefix}: ${summary}` : prefix,
      details: { name: nameText, group, kind, causes },
    });
  }

  /**
   * 422 with reason `Invalid` but no field: the request is well-formed yet cannot be applied, e.g. a JSON
   * patch whose `test` fails or whose path is missing (Kubernetes answers 422 for these).
   */
  static unprocessableEntity(message: string): ApiError {
    return new ApiError({ code: 422, reason: "Invalid", message });
  }

  /** 429: the client should slow down and retry after the given delay. */
  static tooManyRequests(message: string, retryAfterSeconds?: number): ApiError {
    return new ApiError({ code: 429, reason: "TooManyRequests", message, details: { retryAfterSeconds } });
  }

  /** 500: `Internal error occurred: <message>`; `cause` is kept for logging, never sent. */
  static internal(message: string, cause?: unknown): ApiError {
    return new ApiError(
      {
        code: 500,
        reason: "InternalError",
        message: `Internal error occurred: ${safeText(message)}`,
        details: { causes: [{ message: safeText(message) }] },
      },
      { cause },
    );
  }

  /** 503: a dependency (store, bus) is not available right now. */
  static serviceUnavailable(message: string): ApiError {
    return new ApiError({ code: 503, reason: "ServiceUnavailable", message });
  }

  /** 504: `Timeout: <message>`; the operation may still complete. */
  static timeout(message: string, retryAfterSeconds?: number): ApiError {
    return new ApiError({
      code: 504,
      reason: "Timeout",
      message: `Timeout: ${safeText(message)}`,
      details: { retryAfterSeconds },
    });
  }
}

/** `deployments.apps` -> plural `deployments`, group `apps`; `Deployment.apps` likewise for kinds. */
function splitQualified(qualified: string): { plural: string; group: string } {
  const dot = qualified.indexOf(".");
  return dot < 0
    ? { plural: qualified, group: "" }
    : { plural: qualified.slice(0, dot), group: qualified.slice(dot + 1) };
}

/** An error about one object: `<resource> "<name>" ...`, with details {name, group, kind: resource}. */
function aboutObject(
  code: number,
  reason: StatusReason,
  resource: string,
  name: string,
  sentence: (subject: string, quotedName: string) => string,
): ApiError {
  const subject = safeText(resource);
  const nameText = safeText(name);
  const { group, plural } = splitQualified(subject);
  return new ApiError({
    code,
    reason,
    message: sentence(subject, JSON.stringify(nameText)),
    details: { name: nameText, group, kind: plural },
  });
}

function textList(values: readonly string[]): string {
  return Array.isArray(values) ? values.map(safeText).join(", ") : safeText(values);
}
