import type { IncomingMessage } from "node:http";
import { ApiError } from "@capstan/apimachinery";
import type { TokenUser } from "./token-file.js";

/** Paths anyone may read, as Kubernetes grants system:unauthenticated by default (health checks, probes). */
const PUBLIC_PATHS = new Set(["/healthz", "/livez", "/readyz", "/version"]);

/** Checks `Authorization: Bearer <token>` against a static token table. */
export interface BearerAuthenticator {
  /** The user of a valid bearer header; throws a 401 ApiError for a missing, malformed or unknown token. */
  authenticate(authorization: string | undefined): TokenUser;
  /** Authenticates an HTTP request unless its path is public; throws the 401 ApiError otherwise. */
  authenticateRequest(req: IncomingMessage): TokenUser | undefined;
}

/** Builds the authenticator over `tokens` (token → user), e.g. from readTokenFile. */
export function createBearerAuthenticator(tokens: ReadonlyMap<string, TokenUser>): BearerAuthenticator {
  if (!(tokens instanceof Map)) throw new TypeError("createBearerAuthenticator: tokens must be a Map");
  const authenticate = (authorization: string | undefined): TokenUser => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    const user = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    if (!user) throw ApiError.unauthorized();
    return user;
  };
  return {
    authenticate,
    authenticateRequest(req) {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (PUBLIC_PATHS.has(path)) return undefined;
      return authenticate(req.headers.authorization);
    },
  };
}
