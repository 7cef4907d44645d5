import { Writable } from "node:stream";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger } from "@capstan/runtime";
import type { Store } from "@capstan/store";
import { createGrpcServer, type GrpcServer } from "../../src/grpc/grpc-server.js";
import type { ResourceStrategy } from "../../src/registry/strategy.js";
import type { ApiServer } from "../../src/server/create-api-server.js";
import { startTestServer } from "../harness.js";

/** Drops log lines, or prints them when TEST_LOG_LEVEL is set (tests assert behaviour, not logs). */
export const silentLogger: Logger = createLogger({
  component: "test",
  level: process.env.TEST_LOG_LEVEL ?? "silent",
  destination: new Writable({
    write: (chunk, _encoding, callback) => {
      if (process.env.TEST_LOG_LEVEL) console.error(String(chunk));
      callback();
    },
  }),
});

export interface GrpcApi {
  readonly store: Store;
  readonly apiServer: ApiServer;
  readonly grpc: GrpcServer;
  /** `127.0.0.1:<port>` of the gRPC API. */
  readonly address: string;
  readonly transport: GrpcTransport;
  /** Stops the gRPC server only (the registry and store keep running), to test clients across a restart. */
  stopGrpc(): Promise<void>;
  /** Starts the gRPC server again on the same port. */
  startGrpc(): Promise<void>;
  stop(): Promise<void>;
}

export interface GrpcApiOptions {
  /** Kind strategies; without them kinds get metadata validation only. */
  readonly strategies?: readonly ResourceStrategy[];
  readonly watchCacheCapacity?: number;
  readonly bookmarkIntervalMs?: number;
}

/** The real apiserver on a real SQLite store, served over gRPC on a free port. */
export async function startGrpcApi(options: GrpcApiOptions = {}): Promise<GrpcApi> {
  const api = await startTestServer(options);
  let grpc: GrpcServer | undefined;
  let controller = new AbortController();
  let running = Promise.resolve();
  let port = 0;
  const startGrpc = async () => {
    grpc = createGrpcServer({ registry: api.server.registry, logger: silentLogger, port });
    controller = new AbortController();
    running = grpc.start(controller.signal);
    ({ port } = await grpc.ready());
  };
  const stopGrpc = async () => {
    controller.abort();
    await running;
  };
  await startGrpc();
  const address = `127.0.0.1:${port}`;
  const transport = createGrpcTransport({ address });
  return {
    store: api.store,
    apiServer: api.server,
    get grpc() {
      if (!grpc) throw new Error("the gRPC server was never started");
      return grpc;
    },
    address,
    transport,
    stopGrpc,
    startGrpc,
    async stop() {
      transport.close();
      await stopGrpc();
      await api.stop();
    },
  };
}
