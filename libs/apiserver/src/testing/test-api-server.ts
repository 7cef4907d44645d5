import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { createLogger, type Logger, loadConfig } from "@capstan/runtime";
import { createApiServerComponent } from "../component/api-server-component.js";
import { apiServerConfig } from "../component/options.js";

/** A real apiserver (REST, gRPC, change feed) over a fresh SQLite store on free loopback ports. */
export interface TestApiServer {
  /** REST base URL, e.g. `http://127.0.0.1:41234`. */
  readonly restUrl: string;
  /** gRPC address, `host:port`. */
  readonly grpcAddress: string;
  /** A gRPC transport to it, closed by `stop`. */
  readonly transport: GrpcTransport;
  /**
   * A JSON request to the REST API; throws on a non-2xx answer with the status and body in the message.
   * `contentType` defaults to `application/json` (pass e.g. `application/merge-patch+json` for a PATCH).
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface TestApiServerOptions {
  /** Logger for the apiserver; silent unless CAPSTAN_TEST_LOG names a level. */
  readonly logger?: Logger;
  /** Flags as `capstan up` takes them (e.g. `["--store", "etcd", "--etcd-endpoints", url]`). */
  readonly flags?: readonly string[];
}

/** The apiserver component `capstan up` runs, on a temporary data directory; for tests of other components. */
export async function startTestApiServer(options: TestApiServerOptions = {}): Promise<TestApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "capstan-test-apiserver-"));
  const loaded = loadConfig(apiServerConfig, {
    argv: [
      "--api-port=0",
      "--grpc-port=0",
      "--compaction-interval=0s",
      `--data-dir=${dataDir}`,
      ...(options.flags ?? []),
    ],
    env: {},
  });
  if (loaded.help) throw new Error("startTestApiServer: --help is not a test flag");
  const logger =
    options.logger ??
    createLogger({ component: "apiserver", level: process.env.CAPSTAN_TEST_LOG ?? "silent" });
  const component = createApiServerComponent(loaded.values, logger);
  const controller = new AbortController();
  const running = component.start(controller.signal);
  running.catch(() => {});
  const endpoints = await component.ready();
  const transport = createGrpcTransport({ address: endpoints.grpc });
  return {
    restUrl: endpoints.url,
    grpcAddress: endpoints.grpc,
    transport,
    async request(method, path, body, contentType = "application/json") {
      const response = await fetch(`${endpoints.url}${path}`, {
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
