import { ApiError } from "@capstan/apimachinery";
import { type MediaRange, parseAccept } from "../discovery/media-range.js";

/** How a response body is written: a plain object (JSON or YAML), or a server-side Table. */
export type ResponseFormat =
  | { readonly kind: "object"; readonly encoding: "json" | "yaml" }
  | { readonly kind: "table"; readonly version: "v1" | "v1beta1" };

const JSON_FORMAT: ResponseFormat = { kind: "object", encoding: "json" };

/** Media types kubectl and client libraries ask for that are answered with JSON. */
const JSON_ESSENCES = new Set([
  "application/json",
  "*/*",
  "application/*",
  // Protobuf is answered with JSON: every Kubernetes client falls back to the response's Content-Type.
  "application/vnd.kubernetes.protobuf",
]);

const YAML_ESSENCES = new Set(["application/yaml", "application/x-yaml", "text/yaml"]);

/** What this server can produce, listed in a 406 answer. */
export const PRODUCIBLE_MEDIA_TYPES = [
  "application/json",
  "application/yaml",
  "application/json;as=Table;v=v1;g=meta.k8s.io",
];

/**
 * Picks the response format from an Accept header, honouring the client's order of preference. A Table is
 * chosen only when asked for by `as=Table;g=meta.k8s.io` with a version we serve. Throws 406 when nothing
 * in the header can be produced.
 */
export function negotiateResponse(accept: string | undefined): ResponseFormat {
  for (const media of parseAccept(accept)) {
    const format = formatFor(media);
    if (format) return format;
  }
  throw ApiError.notAcceptable(PRODUCIBLE_MEDIA_TYPES);
}

function formatFor(media: MediaRange): ResponseFormat | undefined {
  const as = media.params.as;
  if (as === undefined) {
    if (JSON_ESSENCES.has(media.mediaType)) return JSON_FORMAT;
    if (YAML_ESSENCES.has(media.mediaType)) return { kind: "object", encoding: "yaml" };
    return undefined;
  }
  if (as !== "Table" || media.mediaType !== "application/json" || media.params.g !== "meta.k8s.io") {
    return undefined;
  }
  const version = media.params.v;
  return version === "v1" || version === "v1beta1" ? { kind: "table", version } : undefined;
}
