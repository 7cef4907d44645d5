import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger } from "@capstan/runtime";
import { createSqliteStore, type Store } from "@capstan/store";
import { createGrpcServer, type GrpcServer } from "../../src/grpc/grpc-server.js";
import { type ApiServer, createApiServer } from "../../src/server/create-api-server.js";

/** A logger that drops everything (tests assert behaviour, not log lines). */
export const silentLogger: Logger = createLogger({
  component: "test",
  level: "silent",
  destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
});

export interface GrpcApi {
  readonly store: Store;
  readonly apiServer: ApiServer;
  readonly grpc: GrpcServer;
  /** `127.0.0.1:<port>` of the gRPC API. */
  readonly address: string;
  readonly transport: GrpcTransport;
  /** Stops the gRPC server only (the registry and store keep running), to test clients across a restart. */
  restartGrpc(): Promise<void>;
  stop(): Promise<void>;
}

export interface GrpcApiOptions {
  readonly watchCacheCapacity?: number;
  readonly bookmarkIntervalMs?: number;
  /** Reuse a store (its owner closes it). */
  readonly store?: Store;
}

/** A real apiserver registry on a real SQLite store in a temporary directory, served over gRPC. */
export async function startGrpcApi(options: GrpcApiOptions = {}): Promise<GrpcApi> {
  const dir = await mkdtemp(join(tmpdir(), "capstan-grpc-"));
  const store =
    options.store ?? (await createSqliteStore({ path: join(dir, "state.db"), logger: silentLogger }));
  const apiServer = createApiServer({
    store,
    logger: silentLogger,
    port: 0,
    watchCacheCapacity: options.watchCacheCapacity,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  const apiController = new AbortController();
  const apiRunning = apiServer.start(apiController.signal);
  await apiServer.ready;

  let grpc = createGrpcServer({ registry: apiServer.registry, logger: silentLogger, port: 0 });
  let grpcController = new AbortController();
  let grpcRunning = grpc.start(grpcController.signal);
  const { port } = await grpc.ready();
  const address = `127.0.0.1:${port}`;
  const transport = createGrpcTransport({ address });

  return {
    store,
    apiServer,
    get grpc() {
      return grpc;
    },
    address,
    transport,
    async restartGrpc() {
      grpcController.abort();
      await grpcRunning;
      grpc = createGrpcServer({ registry: apiServer.registry, logger: silentLogger, port });
      grpcController = new AbortController();
      grpcRunning = grpc.start(grpcController.signal);
      await grpc.ready();
    },
    async stop() {
      transport.close();
      grpcController.abort();
      await grpcRunning;
      apiController.abort();
      await apiRunning;
      if (!options.store) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
