import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { ConfigError } from "../config/config-error.js";
import type { Logger } from "../logging/logger.js";
import {
  formatCheckReport,
  type HealthCheck,
  type HealthChecks,
  PING_CHECK,
  runChecks,
} from "./health-checks.js";

export interface ObservabilityHandlerOptions {
  readonly checks?: HealthChecks;
  /** Served on /metrics; without one, /metrics is not handled. */
  readonly registry?: Registry;
  /** Failed checks are logged here with their reason. */
  readonly logger?: Logger;
  /** A check that takes longer fails. Default 5 s. */
  readonly checkTimeoutMs?: number;
}

/** Serves one request if its path is an observability path; returns false (untouched) otherwise. */
export type ObservabilityHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const ENDPOINTS = ["healthz", "livez", "readyz"] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/**
 * Handles `/healthz`, `/livez`, `/readyz` (Kubernetes semantics: `?verbose` lists the checks,
 * `?exclude=name` skips one, `/readyz/<name>` runs a single check) and `/metrics`, for use inside a server
 * that has other routes (the apiserver) or by {@link createObservabilityServer}.
 */
export function createObservabilityHandler(options: ObservabilityHandlerOptions = {}): ObservabilityHandler {
  const live = [PING_CHECK, ...(options.checks?.live ?? [])];
  const all = [...live, ...(options.checks?.ready ?? [])];
  checkNames(all);
  const checksOf: Record<Endpoint, readonly HealthCheck[]> = { livez: live, readyz: all, healthz: all };
  const timeoutMs = options.checkTimeoutMs ?? 5_000;

  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const [first, single, ...rest] = url.pathname.split("/").filter(Boolean);
    const isMetrics = first === "metrics" && options.registry !== undefined;
    const endpoint = ENDPOINTS.find((name) => name === first);
    if ((!isMetrics && !endpoint) || rest.length > 0 || (isMetrics && single !== undefined)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { allow: "GET, HEAD" });
      return true;
    }
    const respond =
      isMetrics && options.registry
        ? serveMetrics(options.registry, res)
        : serveChecks(endpoint ?? "healthz", checksOf[endpoint ?? "healthz"], single, url, res);
    respond.catch((error: unknown) => {
      options.logger?.error({ err: error, path: url.pathname }, "observability request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
      else res.destroy();
    });
    return true;
  };

  async function serveChecks(
    endpoint: Endpoint,
    checks: readonly HealthCheck[],
    single: string | undefined,
    url: URL,
    res: ServerResponse,
  ): Promise<void> {
    const chosen = single === undefined ? checks : checks.filter((check) => check.name === single);
    if (chosen.length === 0) {
      send(res, 404, "text/plain; charset=utf-8", `no check named ${JSON.stringify(single)}\n`);
      return;
    }
    const results = await runChecks(chosen, new Set(url.searchParams.getAll("exclude")), timeoutMs);
    for (const result of results) {
      if (!result.ok)
        options.logger?.warn({ check: result.name, reason: result.reason }, `${endpoint} failed`);
    }
    const passed = results.every((result) => result.ok);
    const verbose = url.searchParams.has("verbose");
    const body =
      single !== undefined
        ? passed
          ? "ok\n"
          : `internal server error: ${single} check failed\n`
        : passed && !verbose
          ? "ok\n"
          : formatCheckReport(endpoint, results);
    send(res, passed ? 200 : 500, "text/plain; charset=utf-8", body, { "x-content-type-options": "nosniff" });
  }
}

async function serveMetrics(registry: Registry, res: ServerResponse): Promise<void> {
  send(res, 200, registry.contentType, await registry.metrics());
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", ...headers });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

function checkNames(checks: readonly HealthCheck[]): void {
  const seen = new Set<string>();
  for (const check of checks) {
    if (typeof check?.name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(check.name)) {
      throw new ConfigError("checks", `health check name must be lowercase letters, digits and '-'`);
    }
    if (typeof check.check !== "function")
      throw new ConfigError("checks", `health check ${check.name}: no check()`);
    if (seen.has(check.name)) throw new ConfigError("checks", `health check ${check.name} is defined twice`);
    seen.add(check.name);
  }
}
