import type { IncomingMessage } from "node:http";
import { bodySyntax, parseBody } from "./parse-body.js";
import { readBody } from "./read-body.js";

/**
 * Reads and parses a request body as JSON or YAML according to its Content-Type (JSON when absent).
 * Throws 413 over 3 MiB, 415 for other media types, 400 for malformed input. An empty body gives undefined
 * when `optional` (DELETE), and 400 otherwise.
 */
export async function readRequestBody(req: IncomingMessage, optional = false): Promise<unknown> {
  const syntax = bodySyntax(req.headers["content-type"]);
  const body = await readBody(req);
  if (optional && body.toString("utf8").trim() === "") return undefined;
  return parseBody(body, syntax);
}
