import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createMetricsRegistry } from "@capstan/runtime";
import { createSqliteStore, type Store } from "@capstan/store";
import { type ApiServer, type ApiServerOptions, createApiServer } from "../src/index.js";

/** An apiserver on a free loopback port over a fresh SQLite store, for integration tests. */
export interface TestServer {
  readonly server: ApiServer;
  readonly store: Store;
  readonly url: string;
  /** fetch relative to the server. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** JSON request with a JSON body; returns the status and parsed body. */
  json(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  stop(): Promise<void>;
}

/**
 * Starts an apiserver on a free port. Without `options.store` it gets a fresh SQLite store that `stop()`
 * closes and deletes; a given store (etcd) stays the caller's.
 */
export async function startTestServer(options: Partial<ApiServerOptions> = {}): Promise<TestServer> {
  const dir = options.store ? undefined : await mkdtemp(join(tmpdir(), "capstan-apiserver-"));
  const store =
    options.store ?? (await createSqliteStore({ path: join(dir ?? "", "state.db"), compactIntervalMs: 0 }));
  const logger = createLogger({
    component: "apiserver-test",
    level: process.env.CAPSTAN_TEST_LOG ?? "silent",
  });
  const server = createApiServer({
    store,
    logger,
    port: 0,
    metrics: createMetricsRegistry({ component: "apiserver", processMetrics: false }),
    compactionIntervalMs: 0,
    ...options,
  });
  const controller = new AbortController();
  const running = server.start(controller.signal);
  running.catch(() => {});
  await Promise.race([server.ready, running]);
  const url = server.url();
  const request = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    server,
    store,
    url,
    request,
    async json(method, path, body, headers = {}) {
      const response = await request(path, {
        method,
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        headers: response.headers,
      };
    },
    async stop() {
      controller.abort();
      await running;
      if (dir === undefined) return;
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
