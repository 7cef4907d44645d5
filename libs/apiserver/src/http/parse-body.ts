import {
  DecodeError,
  decodeKubernetesProtobuf,
  EncodeError,
  encodeObject,
  KUBERNETES_PROTOBUF,
  kubernetesSchema,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { parseDocument } from "yaml";
import { parseAccept } from "../discovery/media-range.js";

/** The syntaxes a request body may be written in. */
export type BodySyntax = "json" | "yaml" | "protobuf";

const JSON_TYPES = new Set([
  "application/json",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
]);
const YAML_TYPES = new Set([
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "application/apply-patch+yaml",
]);

/**
 * The syntax of a body from its Content-Type. A missing Content-Type means JSON, because kubectl sends
 * `PUT .../scale` with none. Anything else is 415.
 */
export function bodySyntax(contentType: string | undefined): BodySyntax {
  if (contentType === undefined || contentType.trim() === "") return "json";
  const essence = mediaTypeOf(contentType);
  if (JSON_TYPES.has(essence)) return "json";
  if (YAML_TYPES.has(essence)) return "yaml";
  if (essence === KUBERNETES_PROTOBUF) return "protobuf";
  throw ApiError.unsupportedMediaType(contentType, [
    "application/json",
    "application/yaml",
    KUBERNETES_PROTOBUF,
  ]);
}

/** The lower-cased `type/subtype` of a Content-Type header ("" when it does not parse). */
export function mediaTypeOf(contentType: string): string {
  // A Content-Type has the syntax of one Accept entry.
  const [range] = parseAccept(contentType);
  return range && !contentType.includes(",") ? range.mediaType : "";
}

/**
 * Parses a JSON, YAML or Kubernetes protobuf body into a plain value (protobuf: the object's Kubernetes
 * JSON, so the rest of the request path is the same for all three); malformed input is a 400 with a
 * one-line message.
 */
export function parseBody(body: Buffer, syntax: BodySyntax): unknown {
  if (syntax === "protobuf") return parseProtobuf(body);
  const text = body.toString("utf8");
  if (text.trim() === "") throw ApiError.badRequest("the request body is empty");
  return syntax === "json" ? parseJson(text) : parseYaml(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ApiError.badRequest(`error decoding JSON: ${firstLine(error)}`);
  }
}

function parseProtobuf(body: Buffer): unknown {
  if (body.length === 0) throw ApiError.badRequest("the request body is empty");
  try {
    const { schema, message } = decodeKubernetesProtobuf(kubernetesSchema, body);
    return encodeObject(schema, message);
  } catch (error) {
    if (error instanceof DecodeError || error instanceof EncodeError) {
      throw ApiError.badRequest(`error decoding protobuf: ${error.message}`);
    }
    throw error;
  }
}

function parseYaml(text: string): unknown {
  // One document only; aliases are bounded so a "billion laughs" body cannot blow up memory.
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problem = document.errors[0];
  if (problem) throw ApiError.badRequest(`error decoding YAML: ${firstLine(problem)}`);
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw ApiError.badRequest(`error decoding YAML: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || "malformed input";
}
