import type { ServerResponse } from "node:http";
import type { ApiError } from "@capstan/apimachinery";
import { stringify } from "yaml";

/** The JSON content type of every API response (kubectl accepts the charset parameter). */
export const JSON_CONTENT_TYPE = "application/json";

/** Writes a complete JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON_CONTENT_TYPE, JSON.stringify(body), headers);
}

/** Writes a complete YAML response (Accept: application/yaml). */
export function sendYaml(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/yaml", stringify(body));
}

/** Writes an error as a Kubernetes Status; the connection is closed after a 413 so the rest of the body is not read. */
export function sendError(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (error.httpCode === 413) headers.connection = "close";
  const retryAfter = error.details?.retryAfterSeconds;
  if (retryAfter) headers["retry-after"] = String(retryAfter);
  sendJson(res, error.httpCode, error.toStatus(), headers);
}

/** Writes a body with its length; HEAD requests get the headers only. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": String(bytes.length),
    "cache-control": "no-cache, private",
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : bytes);
}

/**
 * The `Warning` header values for warnings (RFC 7234 form Kubernetes uses: `299 - "text"`), so kubectl
 * prints `Warning: text`.
 */
export function warningHeader(warnings: readonly string[]): string[] {
  return warnings.map((text) => `299 - ${JSON.stringify(text.replace(/[\r\n]+/g, " "))}`);
}
