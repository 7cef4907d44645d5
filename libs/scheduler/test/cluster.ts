import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServerComponent } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger } from "@capstan/runtime";

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

/** The apiserver component `capstan up` runs, on a temporary data directory. */
export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), "capstan-scheduler-"));
  const component = createApiServerComponent(
    {
      apiHost: "127.0.0.1",
      apiPort: 0,
      grpcPort: 0,
      store: "sqlite",
      dataDir,
      etcdEndpoints: [],
      natsUrl: [],
      compactionInterval: 0,
    },
    testLogger,
  );
  const controller = new AbortController();
  const running = component.start(controller.signal);
  running.catch(() => {});
  const endpoints = await component.ready();
  const transport = createGrpcTransport({ address: endpoints.grpc });
  const restUrl = endpoints.url;
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
      await running;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
