import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServer, createGrpcServer, strategies } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, createMetricsRegistry, type Logger } from "@capstan/runtime";
import { createSqliteStore } from "@capstan/store";

/** Log lines are dropped unless CAPSTAN_TEST_LOG names a level. */
export const testLogger: Logger = createLogger({
  component: "scheduler-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});

/** A real apiserver (REST and gRPC) over a fresh SQLite store on free loopback ports. */
export interface TestCluster {
  readonly restUrl: string;
  readonly transport: GrpcTransport;
  /** A JSON request to the REST API; throws on a non-2xx answer. */
  /** `patch` "merge" sends the body as a JSON merge patch. */
  request(method: string, path: string, body?: unknown, patch?: "merge"): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), "capstan-scheduler-"));
  const store = await createSqliteStore({ path: join(dir, "state.db"), compactIntervalMs: 0 });
  const server = createApiServer({
    store,
    logger: testLogger,
    port: 0,
    metrics: createMetricsRegistry({ component: "apiserver", processMetrics: false }),
    compactionIntervalMs: 0,
    strategies,
  });
  const controller = new AbortController();
  const running = server.start(controller.signal);
  running.catch(() => {});
  await Promise.race([server.ready, running]);
  const grpc = createGrpcServer({ registry: server.registry, logger: testLogger, port: 0 });
  const grpcRunning = grpc.start(controller.signal);
  const { port } = await grpc.ready();
  const transport = createGrpcTransport({ address: `127.0.0.1:${port}` });
  const restUrl = server.url();
  return {
    restUrl,
    transport,
    async request(method, path, body, patch) {
      const contentType = patch === "merge" ? "application/merge-patch+json" : "application/json";
      const response = await fetch(`${restUrl}${path}`, {
        method,
        headers: { "content-type": contentType, accept: "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    },
    async stop() {
      transport.close();
      controller.abort();
      await Promise.all([running, grpcRunning]);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
