import type { ResourceType } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import {
  type DocumentHandler,
  type DocumentRequest,
  type DocumentResponse,
  documentResponse,
  type SerializedDocument,
  serializeDocument,
} from "../discovery/document.js";
import { acceptsJson, parseAccept } from "../discovery/media-range.js";
import { groupVersionDocuments } from "./documents.js";

const ROOT = "/openapi/v3";
const JSON_TYPE = "application/json";
/** What the Kubernetes apiserver sends for a URL whose hash names the exact content: cache it for good. */
const IMMUTABLE = { "Cache-Control": "public, immutable, max-age=31536000" };
/** The root and unhashed URLs change with the server: revalidate every time. */
const REVALIDATE = { "Cache-Control": "no-cache, private" };

export interface OpenApiOptions {
  /** Shown as `info.version` of each document (the server's version). */
  readonly version?: string;
}

/**
 * Serves OpenAPI v3 as kubectl reads it: `/openapi/v3` lists each group-version with a
 * `serverRelativeURL` carrying the hash of its document, and `/openapi/v3/<api/v1|apis/g/v>` serves the
 * document (immutable under its current hash, 301 to the current hash from a stale one, 304 on a
 * matching ETag). Everything is built and serialised once. OpenAPI v2 is not served: kubectl accepts
 * only protobuf there and falls back cleanly on 404.
 */
export function createOpenApiHandler(
  resources: readonly ResourceType[],
  options: OpenApiOptions = {},
): DocumentHandler {
  const documents = new Map<string, SerializedDocument>();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { key, document } of groupVersionDocuments(resources, options.version ?? "unversioned")) {
    const serialized = serializeDocument(document);
    documents.set(`${ROOT}/${key}`, serialized);
    paths[key] = { serverRelativeURL: `${ROOT}/${key}?hash=${serialized.hash}` };
  }
  const root = serializeDocument({ paths });

  return (request: DocumentRequest): DocumentResponse | undefined => {
    const path = request.path.length > 1 ? request.path.replace(/\/+$/, "") : request.path;
    if (path === ROOT) return answer(root, request, REVALIDATE);
    const document = documents.get(path);
    if (!document) return undefined;
    const hash = request.query?.get("hash");
    if (hash === null || hash === undefined || hash === "") return answer(document, request, REVALIDATE);
    if (hash !== document.hash) {
      const location = `${path}?hash=${document.hash}`;
      return {
        status: 301,
        contentType: JSON_TYPE,
        body: "",
        headers: { Location: location, ...REVALIDATE },
      };
    }
    return answer(document, request, IMMUTABLE);
  };
}

function answer(
  document: SerializedDocument,
  request: DocumentRequest,
  headers: Record<string, string>,
): DocumentResponse {
  if (!parseAccept(request.accept).some(acceptsJson)) throw ApiError.notAcceptable([JSON_TYPE]);
  return documentResponse(document, JSON_TYPE, request, headers);
}
