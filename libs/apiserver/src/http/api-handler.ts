import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "@capstan/apimachinery";
import { type Logger, type ObservabilityHandler, objectKey } from "@capstan/runtime";
import type { DocumentHandler, DocumentResponse } from "../discovery/document.js";
import type { Registry } from "../registry/registry.js";
import type { ApiRequest } from "./api-request.js";
import { dispatch, verbOf } from "./handlers/dispatch.js";
import { negotiateResponse } from "./negotiate.js";
import { QueryOptions } from "./query-options.js";
import type { RequestMetrics } from "./request-metrics.js";
import { parseApiPath } from "./request-path.js";
import { send, sendError, sendJson } from "./respond.js";
import { versionInfo } from "./version.js";

export interface ApiHandlerOptions {
  readonly registry: Registry;
  readonly logger: Logger;
  readonly metrics: RequestMetrics;
  /** `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` (E2's discovery documents). */
  readonly discovery: DocumentHandler;
  /** `/openapi/v3...`, when served. */
  readonly openapi?: DocumentHandler;
  /** `/healthz`, `/livez`, `/readyz`, `/metrics`. */
  readonly observability: ObservabilityHandler;
  /** Aborts every open watch when the server stops. */
  readonly stopping: AbortSignal;
  readonly now: () => Date;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

/** What a request was, for its metrics and log line. */
interface Served {
  verb: string;
  resource: string;
  /** `namespace/name` or `name` of the object, when the request names one. */
  object?: string;
  longRunning: boolean;
}

/**
 * The apiserver's request handler: /version, health and metrics, discovery, OpenAPI, then the resource
 * API. Every failure becomes a Status response; unexpected ones are logged as 500s and the server keeps
 * serving.
 */
export function createApiHandler(
  options: ApiHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const served: Served = { verb: (req.method ?? "").toLowerCase(), resource: "", longRunning: false };
    handle(options, req, res, served)
      .catch((error: unknown) => {
        const apiError = ApiError.from(error);
        if (apiError.httpCode >= 500) {
          options.logger.error({ err: error, method: req.method, url: req.url }, "request failed");
        }
        sendError(res, apiError);
      })
      .finally(() => {
        const seconds = (performance.now() - started) / 1000;
        const code = res.statusCode;
        const labels = { verb: served.verb, resource: served.resource, code };
        options.metrics.observe(labels, served.longRunning ? undefined : seconds);
        options.logger.debug({ ...served, code, ms: Math.round(seconds * 1000) }, "request");
        // While stopping, keep-alive connections would hold the server open until they time out.
        if (options.stopping.aborted) req.socket.end();
      });
  };
}

async function handle(
  options: ApiHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  served: Served,
): Promise<void> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://apiserver.local");
  if (url.pathname === "/version") {
    if (method !== "GET" && method !== "HEAD")
      throw ApiError.methodNotSupported("version", method.toLowerCase());
    sendJson(res, 200, versionInfo());
    return;
  }
  if (options.observability(req, res)) return;
  const document = {
    path: url.pathname,
    query: url.searchParams,
    accept: req.headers.accept,
    ifNoneMatch: req.headers["if-none-match"],
  };
  if (url.pathname === "/openapi" || url.pathname.startsWith("/openapi/")) {
    const answer = options.openapi?.(document);
    if (!answer) throw pathNotFound();
    sendDocument(res, answer);
    return;
  }
  const parsed = parseApiPath(url.pathname);
  if (!parsed) throw pathNotFound();
  if (parsed.kind === "discovery") {
    const answer = options.discovery(document);
    if (!answer) throw pathNotFound();
    sendDocument(res, answer);
    return;
  }
  if (!METHODS.has(method)) throw ApiError.methodNotSupported(parsed.path.resource, method.toLowerCase());
  const { path } = parsed;
  const registry = options.registry.find(path.group, path.version, path.resource);
  if (!registry) throw pathNotFound();
  const type = registry.type;
  // A namespaced resource needs a namespace for everything but lists and watches across namespaces;
  // a cluster-scoped one never has one.
  if (
    type.namespaced ? path.namespace === undefined && path.name !== undefined : path.namespace !== undefined
  ) {
    throw pathNotFound();
  }
  if (type.namespaced && path.namespace === undefined && method === "POST") throw pathNotFound();
  const query = new QueryOptions(url.searchParams);
  served.resource = type.group ? `${type.resource}.${type.group}` : type.resource;
  served.verb = verbOf(method, path.name, query.watch);
  served.longRunning = served.verb === "watch";
  if (path.name !== undefined) served.object = objectKey(path.namespace, path.name);
  const closed = new AbortController();
  res.once("close", () => closed.abort());
  const request: ApiRequest = {
    req,
    res,
    path,
    namespace: path.namespace ?? "",
    query,
    format: negotiateResponse(req.headers.accept),
    registry,
    logger: options.logger,
    signal: AbortSignal.any([closed.signal, options.stopping]),
    warnings: [],
    now: options.now,
  };
  if (served.longRunning) options.metrics.longRunning(served.verb, served.resource, 1);
  try {
    await dispatch(request, method);
  } finally {
    if (served.longRunning) options.metrics.longRunning(served.verb, served.resource, -1);
  }
}

function sendDocument(res: ServerResponse, answer: DocumentResponse): void {
  send(res, answer.status, answer.contentType, answer.body, { ...answer.headers });
}

function pathNotFound(): ApiError {
  return new ApiError({
    code: 404,
    reason: "NotFound",
    message: "the server could not find the requested resource",
  });
}
