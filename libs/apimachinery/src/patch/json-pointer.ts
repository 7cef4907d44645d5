import { ApiError } from "../api-error.js";

/**
 * RFC 6901 JSON pointers: "" is the whole document, otherwise "/"-separated tokens where `~1` stands
 * for "/" and `~0` for "~". Returns the unescaped tokens; a malformed pointer is ApiError.badRequest.
 */
export function parseJsonPointer(pointer: string): string[] {
  if (typeof pointer !== "string") throw ApiError.badRequest("JSON pointer must be a string");
  if (pointer === "") return [];
  if (!pointer.startsWith("/"))
    throw ApiError.badRequest(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      if (/~[^01]|~$/.test(token))
        throw ApiError.badRequest(`invalid JSON pointer "${pointer}": "~" must be followed by "0" or "1"`);
      return token.replaceAll("~1", "/").replaceAll("~0", "~");
    });
}

/** The pointer for a list of tokens (the inverse of parseJsonPointer). */
export function formatJsonPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/**
 * The array index a token names: a decimal without leading zeros; "-" (one past the end) only when
 * `allowEnd`. Undefined when the token is not a valid index for an array of `length` elements.
 */
export function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (token === "-") return allowEnd ? length : undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index < length || (allowEnd && index === length) ? index : undefined;
}
