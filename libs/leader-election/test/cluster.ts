import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServerComponent } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger } from "@capstan/runtime";

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

/** The apiserver component `capstan up` runs, on a temporary data directory. */
export async function startTestApiServer(): Promise<TestApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "capstan-leader-election-"));
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
  return {
    transport,
    async stop() {
      transport.close();
      controller.abort();
      await running;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
