import type { IncomingMessage } from "node:http";
import { ApiError } from "@capstan/apimachinery";

/** Kubernetes' limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Reads a request body into memory, refusing more than `limit` bytes with 413 (up front from
 * Content-Length when the client announces it, otherwise as soon as the stream passes the limit).
 */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const announced = Number(request.headers["content-length"]);
  if (Number.isFinite(announced) && announced > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): ApiError {
  return ApiError.requestEntityTooLarge(`limit is ${limit}`);
}
