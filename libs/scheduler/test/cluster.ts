import { startTestApiServer } from "@capstan/apiserver/testing";
import type { GrpcTransport } from "@capstan/client";
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
  /** A JSON request to the REST API; throws on a non-2xx answer. `patch` "merge" sends a JSON merge patch. */
  request(method: string, path: string, body?: unknown, patch?: "merge"): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The apiserver component `capstan up` runs, on a temporary data directory. */
export async function startTestCluster(): Promise<TestCluster> {
  const server = await startTestApiServer();
  return {
    restUrl: server.restUrl,
    transport: server.transport,
    request: (method, path, body, patch) =>
      server.request(
        method,
        path,
        body,
        patch === "merge" ? "application/merge-patch+json" : "application/json",
      ),
    stop: () => server.stop(),
  };
}
