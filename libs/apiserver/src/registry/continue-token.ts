import { ApiError } from "@capstan/apimachinery";

/** Where the next page of a list starts: the list's revision and the last key already returned. */
export interface ContinuePosition {
  readonly revision: number;
  /** Full store key of the last item of the previous page. */
  readonly lastKey: string;
}

const TOKEN_VERSION = "meta.k8s.io/v1";

/**
 * Encodes a position as the opaque `continue` token. The key is stored relative to `root` (the
 * resource's key prefix) so a token can never point a list at another resource's keys.
 */
export function encodeContinue(position: ContinuePosition, root: string): string {
  const start = position.lastKey.startsWith(root) ? position.lastKey.slice(root.length) : position.lastKey;
  const json = JSON.stringify({ v: TOKEN_VERSION, rv: position.revision, start });
  return Buffer.from(json, "utf8").toString("base64url");
}

/** Decodes a `continue` token made by {@link encodeContinue}; anything else is 400. */
export function decodeContinue(token: string, root: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid("not a continue token");
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid("not a continue token");
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== TOKEN_VERSION) throw invalid("unknown token version");
  if (typeof rv !== "number" || !Number.isSafeInteger(rv) || rv <= 0) throw invalid("bad revision");
  if (typeof start !== "string" || start === "" || start.split("/").includes("..")) {
    throw invalid("bad start key");
  }
  return { revision: rv, lastKey: root + start };
}

function invalid(detail: string): ApiError {
  return ApiError.badRequest(`continue key is not valid: ${detail}`);
}
