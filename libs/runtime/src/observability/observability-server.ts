import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "../config/config-error.js";
import type { Runnable } from "../lifecycle/runnable.js";
import { waitForAbort } from "../lifecycle/runnable.js";
import { createObservabilityHandler, type ObservabilityHandlerOptions } from "./observability-handler.js";

export interface ObservabilityServerOptions extends ObservabilityHandlerOptions {
  /** 0 picks a free port (read it from {@link ObservabilityServer.listening}). */
  readonly port: number;
  /** Default 127.0.0.1; a component in a container passes 0.0.0.0 so probes can reach it. */
  readonly host?: string;
}

/** A small HTTP server with only the health and metrics endpoints, for components without their own. */
export interface ObservabilityServer extends Runnable {
  /** Resolves with the bound port once listening; rejects if listening failed. */
  listening(): Promise<number>;
}

/** Creates the health/metrics server as a runnable: it listens on start and closes when the signal aborts. */
export function createObservabilityServer(options: ObservabilityServerOptions): ObservabilityServer {
  if (!Number.isInteger(options?.port) || options.port < 0 || options.port > 65_535) {
    throw new ConfigError(
      "port",
      `observability port: expected an integer from 0 to 65535, got ${options?.port}`,
    );
  }
  const handle = createObservabilityHandler(options);
  const host = options.host ?? "127.0.0.1";
  let resolveListening: (port: number) => void = () => {};
  let rejectListening: (error: unknown) => void = () => {};
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  listening.catch(() => {});

  return {
    name: "observability",
    listening: () => listening,
    async start(signal: AbortSignal): Promise<void> {
      const server = createServer((req, res) => {
        if (!handle(req, res)) {
          res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
          res.end("not found\n");
        }
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(options.port, host, () => {
            server.off("error", reject);
            resolve();
          });
        });
      } catch (error) {
        rejectListening(error);
        throw error;
      }
      resolveListening((server.address() as AddressInfo).port);
      await waitForAbort(signal);
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
