import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { fieldError } from "./field-error.js";
import { GrpcCode } from "./grpc-code.js";

describe("ApiError factories", () => {
  it("notFound writes the Status kubectl expects", () => {
    expect(ApiError.notFound("pods", "nope").toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods "nope" not found',
      reason: "NotFound",
      details: { name: "nope", kind: "pods" },
      code: 404,
    });
  });

  it("keeps the group of a qualified resource in details", () => {
    const error = ApiError.notFound("deployments.apps", "web");
    expect(error.message).toBe('deployments.apps "web" not found');
    expect(error.details).toEqual({ name: "web", group: "apps", kind: "deployments" });
  });

  it("words conflicts as Kubernetes does", () => {
    const error = ApiError.conflict("pods", "x");
    expect(error.message).toBe(
      'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect([error.httpCode, error.reason, error.grpcCode]).toEqual([409, "Conflict", GrpcCode.ABORTED]);
    expect(ApiError.conflict("pods", "x", "custom").message).toBe(
      'Operation cannot be fulfilled on pods "x": custom',
    );
  });

  it("tells AlreadyExists apart from Conflict on gRPC", () => {
    const error = ApiError.alreadyExists("pods", "x");
    expect(error.message).toBe('pods "x" already exists');
    expect([error.httpCode, error.grpcCode]).toEqual([409, GrpcCode.ALREADY_EXISTS]);
  });

  it("formats one invalid field without brackets and carries causes", () => {
    const error = ApiError.invalid("Pod", "x", [fieldError.required("spec.containers[0].image")]);
    expect(error.message).toBe('Pod "x" is invalid: spec.containers[0].image: Required value');
    expect(error.toStatus()).toMatchObject({
      code: 422,
      reason: "Invalid",
      details: {
        name: "x",
        kind: "Pod",
        causes: [
          { reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].image" },
        ],
      },
    });
  });

  it("brackets several invalid fields and drops duplicates from the message", () => {
    const errors = [
      fieldError.required("spec.selector"),
      fieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0"),
      fieldError.required("spec.selector"),
    ];
    const error = ApiError.invalid("Deployment.apps", "web", errors);
    expect(error.message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]',
    );
    expect(error.details?.group).toBe("apps");
    expect(error.details?.kind).toBe("Deployment");
    expect(error.details?.causes).toHaveLength(3);
  });

  it("says only 'is invalid' without field errors", () => {
    expect(ApiError.invalid("Pod", "x", []).message).toBe('Pod "x" is invalid');
  });

  it("maps every factory to its HTTP code, reason and gRPC code", () => {
    const cases: [ApiError, number, string, number][] = [
      [ApiError.badRequest("bad"), 400, "BadRequest", GrpcCode.INVALID_ARGUMENT],
      [ApiError.unauthorized(), 401, "Unauthorized", GrpcCode.UNAUTHENTICATED],
      [ApiError.forbidden("pods", "x", "no"), 403, "Forbidden", GrpcCode.PERMISSION_DENIED],
      [ApiError.methodNotSupported("bindings", "watch"), 405, "MethodNotAllowed", GrpcCode.UNIMPLEMENTED],
      [ApiError.notAcceptable(["application/json"]), 406, "NotAcceptable", GrpcCode.INVALID_ARGUMENT],
      [ApiError.gone("too old resource version: 1 (5)"), 410, "Expired", GrpcCode.OUT_OF_RANGE],
      [
        ApiError.requestEntityTooLarge("limit is 3145728"),
        413,
        "RequestEntityTooLarge",
        GrpcCode.RESOURCE_EXHAUSTED,
      ],
      [ApiError.unsupportedMediaType("text/plain"), 415, "UnsupportedMediaType", GrpcCode.INVALID_ARGUMENT],
      [ApiError.unprocessableEntity("test failed"), 422, "Invalid", GrpcCode.INVALID_ARGUMENT],
      [ApiError.tooManyRequests("slow down", 2), 429, "TooManyRequests", GrpcCode.RESOURCE_EXHAUSTED],
      [ApiError.internal("boom"), 500, "InternalError", GrpcCode.INTERNAL],
      [ApiError.serviceUnavailable("store down"), 503, "ServiceUnavailable", GrpcCode.UNAVAILABLE],
      [ApiError.timeout("request did not complete", 1), 504, "Timeout", GrpcCode.DEADLINE_EXCEEDED],
    ];
    for (const [error, http, reason, grpc] of cases) {
      expect([error.httpCode, error.reason, error.grpcCode, error.toStatus().code]).toEqual([
        http,
        reason,
        grpc,
        http,
      ]);
    }
  });

  it("uses Kubernetes' wording for the other messages", () => {
    expect(ApiError.forbidden("pods", "x", "denied").message).toBe('pods "x" is forbidden: denied');
    expect(ApiError.forbidden("pods", "", "denied").message).toBe("pods is forbidden: denied");
    expect(ApiError.methodNotSupported("bindings", "watch").message).toBe(
      'watch is not supported on resources of kind "bindings"',
    );
    expect(ApiError.requestEntityTooLarge("limit is 3145728").message).toBe(
      "Request entity too large: limit is 3145728",
    );
    expect(
      ApiError.unsupportedMediaType("text/plain", ["application/json", "application/yaml"]).message,
    ).toBe(
      "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml",
    );
    expect(ApiError.timeout("x", 3).toStatus().details).toEqual({ retryAfterSeconds: 3 });
    expect(ApiError.internal("boom").toStatus()).toMatchObject({
      message: "Internal error occurred: boom",
      details: { causes: [{ message: "boom" }] },
    });
  });

  it("leaves out message-less details", () => {
    expect(ApiError.badRequest("bad").toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "bad",
      reason: "BadRequest",
      code: 400,
    });
  });
});

describe("ApiError.from", () => {
  it("passes ApiErrors through", () => {
    const error = ApiError.notFound("pods", "x");
    expect(ApiError.from(error)).toBe(error);
  });

  it("turns other errors into a 500 without the stack", () => {
    const original = new TypeError("x is undefined");
    const error = ApiError.from(original);
    expect(error.httpCode).toBe(500);
    expect(error.message).toBe("Internal error occurred: x is undefined");
    expect(JSON.stringify(error.toStatus())).not.toContain("at ");
    expect(error.cause).toBe(original);
  });

  it("copes with non-errors", () => {
    expect(ApiError.from("text").message).toBe("Internal error occurred: text");
    expect(ApiError.from(undefined).message).toBe("Internal error occurred: unknown error");
    expect(ApiError.from({ weird: true }).httpCode).toBe(500);
  });
});

describe("ApiError.fromStatus", () => {
  it("round-trips a Status", () => {
    const original = ApiError.invalid("Pod", "x", [fieldError.required("spec.containers")]);
    const copy = ApiError.fromStatus(JSON.parse(JSON.stringify(original.toStatus())));
    expect(copy.toStatus()).toEqual(original.toStatus());
    expect(ApiError.is(copy, "Invalid")).toBe(true);
  });

  it("builds an error from the HTTP code when the body is not a Status", () => {
    const error = ApiError.fromStatus("<html>", 404);
    expect([error.httpCode, error.reason]).toEqual([404, "NotFound"]);
    expect(ApiError.fromStatus(null).httpCode).toBe(500);
    expect(ApiError.fromStatus({ code: "x", details: [1] }, 999).httpCode).toBe(500);
    expect(ApiError.fromStatus({ code: 418 }).reason).toBe("Unknown");
  });

  it("ignores badly typed details", () => {
    const error = ApiError.fromStatus({
      code: 404,
      details: { name: 3, kind: "pods", causes: [1, { field: 2 }] },
    });
    expect(error.details).toEqual({ kind: "pods", causes: [{}] });
  });
});

describe("ApiError.is", () => {
  it("checks type and reason", () => {
    expect(ApiError.is(ApiError.gone("old"))).toBe(true);
    expect(ApiError.is(ApiError.gone("old"), "Expired")).toBe(true);
    expect(ApiError.is(ApiError.gone("old"), "NotFound")).toBe(false);
    expect(ApiError.is(new Error("x"))).toBe(false);
  });
});
