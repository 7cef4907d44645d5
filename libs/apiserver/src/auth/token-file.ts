import { readFile } from "node:fs/promises";

/** Who a bearer token stands for. */
export interface TokenUser {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
}

/** A token file that cannot be used; the message names the file and line. */
export class TokenFileError extends Error {
  override readonly name = "TokenFileError";
}

/**
 * Parses a static token file in Kubernetes' `--token-auth-file` format: one CSV line per token,
 * `token,user,uid[,"group1,group2"]`; blank lines and lines starting with `#` are skipped. A duplicate token,
 * an empty token or user, or a line with too few columns is an error (a silently dropped line would lock
 * someone out, or let a stale token in).
 */
export function parseTokenFile(text: string, source = "token file"): Map<string, TokenUser> {
  if (typeof text !== "string") throw new TokenFileError(`${source}: expected text, got ${typeof text}`);
  const tokens = new Map<string, TokenUser>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `${source}:${index + 1}`;
    const [token, name, uid, groups] = splitCsv(line, where);
    if (!token || !name || uid === undefined) {
      throw new TokenFileError(
        `${where}: expected token,user,uid[,"groups"] with a non-empty token and user`,
      );
    }
    if (tokens.has(token)) throw new TokenFileError(`${where}: duplicate token`);
    const groupList = (groups ?? "")
      .split(",")
      .map((group) => group.trim())
      .filter((group) => group !== "");
    tokens.set(token, { name, uid, groups: groupList });
  });
  return tokens;
}

/** Reads and parses a token file. */
export async function readTokenFile(path: string): Promise<Map<string, TokenUser>> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new TokenFileError(`cannot read token file ${path}: ${(error as Error).message}`);
  });
  return parseTokenFile(text, path);
}

/** Splits one CSV line: fields may be double-quoted (a quoted field holds commas; `""` is a quote). */
function splitCsv(line: string, where: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      fields.push(field.trim());
      field = "";
    } else field += char;
  }
  if (quoted) throw new TokenFileError(`${where}: unterminated quoted field`);
  fields.push(field.trim());
  return fields;
}
