import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServer, createGrpcServer, strategies } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, createMetricsRegistry, type Logger } from "@capstan/runtime";
import { createSqliteStore } from "@capstan/store";

/** Log lines are dropped unless CAPSTAN_TEST_LOG names a level. */
export const testLogger: Logger = createLogger({
  component: "leader-election-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});

/** A real apiserver with its gRPC server over a fresh SQLite store on free loopback ports. */
export interface TestApiServer {
  readonly transport: GrpcTransport;
  stop(): Promise<void>;
}

export async function startTestApiServer(): Promise<TestApiServer> {
  const dir = await mkdtemp(join(tmpdir(), "capstan-leader-election-"));
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
  return {
    transport,
    async stop() {
      transport.close();
      controller.abort();
      await Promise.all([running, grpcRunning]);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
