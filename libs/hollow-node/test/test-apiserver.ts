import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiServerConfig, createApiServerComponent } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger, loadConfig } from "@capstan/runtime";

/** Log lines are dropped unless CAPSTAN_TEST_LOG names a level. */
export const testLogger: Logger = createLogger({
  component: "hollow-node-test",
  level: process.env.CAPSTAN_TEST_LOG ?? "silent",
});

/** A real apiserver over a fresh SQLite store on free loopback ports, and a gRPC transport to it. */
export interface TestApiServer {
  readonly restUrl: string;
  readonly transport: GrpcTransport;
  stop(): Promise<void>;
}

export async function startTestApiServer(): Promise<TestApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "capstan-hollow-"));
  // Defaults from the schema, so options the apiserver gains later need no change here.
  const defaults = loadConfig(apiServerConfig, { argv: [], env: {} });
  if (defaults.help) throw new Error("unreachable: no --help given");
  const component = createApiServerComponent(
    {
      ...defaults.values,
      apiHost: "127.0.0.1",
      apiPort: 0,
      grpcPort: 0,
      store: "sqlite",
      dataDir,
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
    restUrl: endpoints.url,
    transport,
    async stop() {
      transport.close();
      controller.abort();
      await running;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
