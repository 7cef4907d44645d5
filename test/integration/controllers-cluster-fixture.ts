import { setMaxListeners } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServer, createGrpcServer } from "@capstan/apiserver";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import {
  type ControllerContext,
  type ControllerFactory,
  createControllerContext,
} from "@capstan/controllers";
import { createScheduler } from "@capstan/scheduler";
import { createSqliteStore } from "@capstan/store";
import { silentLogger } from "./support/logger.js";

/** An apiserver (REST + gRPC, built-in namespace cleanup off) with some controllers running against it. */
export interface ControllerCluster {
  readonly url: string;
  readonly transport: GrpcTransport;
  readonly context: ControllerContext;
  stop(): Promise<void>;
}

export interface ControllerClusterOptions {
  readonly workers?: Record<string, number>;
  /** The apiserver's DefaultTolerationSeconds (default 300 s each). */
  readonly defaultTolerationSeconds?: { readonly notReady: number; readonly unreachable: number };
  /** Also run the scheduler (for pods that controllers create without a node). */
  readonly scheduler?: boolean;
}

/**
 * Starts an apiserver on SQLite in a temporary directory, with the apiserver's own namespace cleanup off
 * (the namespace controller does it here), then the given controller factories over one shared context.
 */
export async function startControllerCluster(
  factories: readonly ControllerFactory[],
  options: ControllerClusterOptions = {},
): Promise<ControllerCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), "capstan-controllers-"));
  const store = await createSqliteStore({ path: join(dataDir, "state.db"), compactIntervalMs: 0 });
  const api = createApiServer({
    store,
    logger: silentLogger,
    port: 0,
    compactionIntervalMs: 0,
    namespaceCleanupIntervalMs: 0,
    defaultTolerationSeconds: options.defaultTolerationSeconds,
  });
  const grpc = createGrpcServer({ registry: api.registry, logger: silentLogger, port: 0 });
  const serving = new AbortController();
  const servers = Promise.all([api.start(serving.signal), grpc.start(serving.signal)]);
  servers.catch(() => {});
  await api.ready;
  const address = await grpc.ready();
  const transport = createGrpcTransport({ address: `${address.host}:${address.port}` });
  const context = createControllerContext({ transport, logger: silentLogger, workers: options.workers });
  const controllers = factories.map((factory) => factory(context));
  const running = new AbortController();
  // Every informer and controller listens on this one signal.
  setMaxListeners(0, running.signal);
  const informers = context.informers.start(running.signal);
  informers.catch(() => {});
  const runs = controllers.map((controller) => controller.run(running.signal));
  if (options.scheduler) {
    runs.push(createScheduler({ transport, restUrl: api.url(), logger: silentLogger }).start(running.signal));
  }
  for (const run of runs) run.catch(() => {});
  return {
    url: api.url(),
    transport,
    context,
    async stop() {
      running.abort();
      await Promise.allSettled([informers, ...runs]);
      transport.close();
      serving.abort();
      await servers.catch(() => {});
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
