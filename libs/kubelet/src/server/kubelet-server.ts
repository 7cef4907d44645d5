import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Pod } from "@capstan/api";
import type { Lister } from "@capstan/client";
import { createObservabilityHandler, type Logger, type Registry, type Runnable } from "@capstan/runtime";
import type { DockerRuntime } from "../runtime/index.js";
import { RuntimeError } from "../runtime/index.js";
import { LogRequestError, serveContainerLogs } from "./container-logs.js";

export interface KubeletServerOptions {
  readonly runtime: DockerRuntime;
  readonly nodeName: string;
  readonly pods: Lister<Pod>;
  /** Address to listen on (the node's address). */
  readonly host: string;
  /** 10250 by default; 0 for any free port (see `port()`). */
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Resolves once Docker answers (for /healthz). */
  readonly dockerCheck: () => Promise<void>;
}

/** The kubelet's HTTP endpoint: container logs (for the apiserver's pods/log), /healthz, /metrics. */
export interface KubeletServer extends Runnable {
  /** The port it listens on, once started. */
  port(): number;
  /** Resolves once it listens. */
  listening(): Promise<number>;
}

/** Creates the server (plain HTTP; it listens only while `start` runs). */
export function createKubeletServer(options: KubeletServerOptions): KubeletServer {
  const observability = createObservabilityHandler({
    registry: options.registry,
    logger: options.logger,
    checks: {
      ready: [{ name: "docker", check: async () => options.dockerCheck() }],
    },
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (observability(req, res)) return;
    const url = new URL(req.url ?? "/", "http://kubelet");
    const [first, ...rest] = url.pathname.split("/").filter(Boolean);
    if (first !== "containerLogs") throw new LogRequestError(404, `no such endpoint ${url.pathname}`);
    if (req.method !== "GET") throw new LogRequestError(405, "method not allowed");
    await serveContainerLogs(
      options.runtime,
      options.nodeName,
      options.pods,
      rest,
      url.searchParams,
      req,
      res,
    );
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status =
        error instanceof LogRequestError
          ? error.status
          : error instanceof RuntimeError && error.reason === "NotFound"
            ? 404
            : 500;
      if (status === 500) options.logger.warn({ err: error, url: req.url }, "kubelet request failed");
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  let bound = 0;
  let resolveListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => {
    resolveListening = resolve;
  });
  return {
    name: "kubelet-server",
    port: () => bound,
    listening: () => listening,
    async start(signal) {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      bound = (server.address() as AddressInfo).port;
      resolveListening(bound);
      await new Promise<void>((resolve) => {
        const stop = () => {
          server.close(() => resolve());
          server.closeAllConnections();
        };
        if (signal.aborted) stop();
        else signal.addEventListener("abort", stop, { once: true });
      });
    },
  };
}
