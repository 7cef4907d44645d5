import { createHash } from "node:crypto";

/** What the discovery and OpenAPI handlers need from an HTTP request. */
export interface DocumentRequest {
  /** URL path without the query, e.g. `/apis/apps/v1`. */
  readonly path: string;
  readonly query?: URLSearchParams;
  /** The Accept header, if any. */
  readonly accept?: string;
  /** The If-None-Match header, if any. */
  readonly ifNoneMatch?: string;
}

/** A complete response the HTTP layer writes as is. */
export interface DocumentResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Further headers (ETag, Cache-Control, Vary, Location). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Answers one discovery or OpenAPI request. Returns undefined when the path is not one of its documents
 * (the router then goes on); throws ApiError for a request it owns but cannot answer (406).
 */
export type DocumentHandler = (request: DocumentRequest) => DocumentResponse | undefined;

/** A document serialised once, with the entity tag of its bytes. */
export interface SerializedDocument {
  readonly body: string;
  /** Quoted strong entity tag. */
  readonly etag: string;
  /** Hex digest of the body, used in OpenAPI `?hash=` URLs. */
  readonly hash: string;
}

/** Serialises a JSON document and computes its hash and entity tag. */
export function serializeDocument(value: unknown): SerializedDocument {
  const body = JSON.stringify(value);
  const hash = createHash("sha512").update(body).digest("hex").toUpperCase();
  return { body, etag: `"${hash}"`, hash };
}

/** True when an If-None-Match header names the given entity tag (or is `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

/** 200 with the document, or 304 when the client already holds this version. */
export function documentResponse(
  document: SerializedDocument,
  contentType: string,
  request: DocumentRequest,
  headers: Readonly<Record<string, string>> = {},
): DocumentResponse {
  const allHeaders = { ETag: document.etag, ...headers };
  if (matchesEtag(request.ifNoneMatch, document.etag))
    return { status: 304, contentType, body: "", headers: allHeaders };
  return { status: 200, contentType, body: document.body, headers: allHeaders };
}
