import { readFile } from "node:fs/promises";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { ApiError } from "@capstan/apimachinery";
import { sendError } from "../http/respond.js";
import { type BearerAuthenticator, createBearerAuthenticator } from "./bearer-authenticator.js";
import { readTokenFile } from "./token-file.js";

/** How the REST API is secured; both parts are optional (none: plain HTTP, open, as `capstan up` on loopback). */
export interface ServingSecurity {
  /** PEM certificate (chain) and key: serve HTTPS. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Require a bearer token on every request but the public health and version paths. */
  readonly authenticator?: BearerAuthenticator;
}

/** Files named by the apiserver's flags, as Kubernetes names them. */
export interface ServingSecurityFiles {
  readonly tlsCertFile?: string;
  readonly tlsPrivateKeyFile?: string;
  readonly tokenAuthFile?: string;
}

/** Reads the files the flags name; a certificate without its key (or the reverse) is an error. */
export async function loadServingSecurity(files: ServingSecurityFiles): Promise<ServingSecurity> {
  const { tlsCertFile, tlsPrivateKeyFile, tokenAuthFile } = files;
  if (Boolean(tlsCertFile) !== Boolean(tlsPrivateKeyFile)) {
    throw new TypeError("--tls-cert-file and --tls-private-key-file go together");
  }
  const read = (path: string) =>
    readFile(path).catch((error: unknown) => {
      throw new TypeError(`cannot read ${path}: ${(error as Error).message}`);
    });
  const tls =
    tlsCertFile && tlsPrivateKeyFile
      ? { cert: await read(tlsCertFile), key: await read(tlsPrivateKeyFile) }
      : undefined;
  const authenticator = tokenAuthFile
    ? createBearerAuthenticator(await readTokenFile(tokenAuthFile))
    : undefined;
  return { tls, authenticator };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The REST API's server: HTTPS when `security.tls` is set, and with every request authenticated first when
 * `security.authenticator` is set (an unauthenticated one gets a 401 Status and never reaches the handler).
 */
export function createApiListener(handler: Handler, security: ServingSecurity = {}): Server {
  const { authenticator, tls } = security;
  const guarded: Handler = authenticator
    ? (req, res) => {
        try {
          authenticator.authenticateRequest(req);
        } catch (error) {
          req.resume();
          sendError(res, ApiError.from(error));
          return;
        }
        handler(req, res);
      }
    : handler;
  // node:https's Server is an http.Server over TLS (same request, close and connection methods).
  return tls
    ? (createHttpsServer({ cert: tls.cert, key: tls.key }, guarded) as unknown as Server)
    : createHttpServer(guarded);
}
