import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { DecodeError, decodeObject, type UnknownFieldPolicy } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";

/** The apiVersion and kind a body must have (missing ones are taken from the URL, as Kubernetes does). */
export interface ExpectedKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** A decoded body and the warnings to return (unknown fields with fieldValidation=Warn). */
export interface DecodedBody<T> {
  readonly message: T;
  readonly warnings: string[];
}

/**
 * Decodes a parsed JSON/YAML body into a message of `schema`. The body must be an object whose apiVersion
 * and kind (when present) are the expected ones; wrong types and, with `strict`, unknown fields are 400.
 */
export function decodeBody<Desc extends DescMessage>(
  schema: Desc,
  json: unknown,
  policy: UnknownFieldPolicy,
  expected: ExpectedKind | undefined,
): DecodedBody<MessageShape<Desc>> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw ApiError.badRequest("the request body must be a JSON or YAML object");
  }
  const body = json as Record<string, unknown>;
  if (expected) checkKind(body, expected);
  try {
    const { message, unknownFields } = decodeObject(schema, body, { unknownFields: policy });
    if (expected) Object.assign(message, { apiVersion: expected.apiVersion, kind: expected.kind });
    return { message, warnings: unknownFields.map((field) => `unknown field ${JSON.stringify(field)}`) };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    if (error.reason === "unknownField" || !expected) throw ApiError.badRequest(error.message);
    const version = expected.apiVersion.split("/").at(-1);
    throw ApiError.badRequest(
      `${expected.kind} in version "${version}" cannot be handled as a ${expected.kind}: ${error.message}`,
    );
  }
}

function checkKind(body: Record<string, unknown>, expected: ExpectedKind): void {
  const { apiVersion, kind } = body;
  if (
    apiVersion !== undefined &&
    apiVersion !== null &&
    apiVersion !== "" &&
    apiVersion !== expected.apiVersion
  ) {
    throw ApiError.badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${expected.apiVersion})`,
    );
  }
  if (kind !== undefined && kind !== null && kind !== "" && kind !== expected.kind) {
    throw ApiError.badRequest(
      `the kind in the data (${String(kind)}) does not match the expected kind (${expected.kind})`,
    );
  }
}
