import { connect, type Socket } from "node:net";
import type { Logger } from "@capstan/runtime";
import type { Balancer } from "../balance/balancer.js";
import { type Backend, backendKey } from "../model/service-ports.js";
import type { ProxyMetrics } from "./proxy-metrics.js";

/** Backends tried for one connection before giving up (each refused one is skipped for the next try). */
const MAX_CONNECT_ATTEMPTS = 3;
/** A backend that has not accepted within this time counts as failed. */
const CONNECT_TIMEOUT_MS = 3_000;

/** How long the other side may linger after one side closed cleanly. */
const LINGER_MS = 30_000;

function settle(other: Socket, hadError: boolean): void {
  if (hadError) {
    other.destroy();
    return;
  }
  other.end();
  other.setTimeout(LINGER_MS, () => other.destroy());
}

/** What a TCP forwarder needs to know about the service port it serves now (a service update can change it). */
export interface ForwardTarget {
  readonly id: string;
  readonly balancer: Balancer;
}

/**
 * Forwards accepted client connections to backends: picks one with the balancer, tries another when a
 * backend refuses or times out, then pipes both ways (half-close kept) until either side closes.
 */
export class TcpForwarder {
  readonly #open = new Set<Socket>();

  constructor(
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {}

  /** Connections open now (client and backend sockets). */
  get openSockets(): number {
    return this.#open.size;
  }

  /** Handles one accepted connection for `target`. */
  handle(client: Socket, target: ForwardTarget): void {
    const service = target.id;
    this.metrics.connections.inc({ service, protocol: "TCP" });
    this.#track(client);
    client.setNoDelay(true);
    client.on("error", () => client.destroy());
    this.#connect(client, target, new Set(), 1);
  }

  /** Destroys every open connection (after the listeners stopped and the grace period ran out). */
  destroyAll(): void {
    for (const socket of this.#open) socket.destroy();
  }

  #connect(client: Socket, target: ForwardTarget, failed: Set<string>, attempt: number): void {
    const service = target.id;
    if (client.destroyed) return;
    const backend = target.balancer.pick(client.remoteAddress ?? "", failed);
    if (!backend) {
      this.metrics.errors.inc({ service, reason: failed.size === 0 ? "no-endpoints" : "exhausted" });
      client.destroy();
      return;
    }
    const upstream = connect({ host: backend.ip, port: backend.port, allowHalfOpen: true, noDelay: true });
    upstream.setTimeout(CONNECT_TIMEOUT_MS);
    const retry = (reason: string) => {
      upstream.destroy();
      this.metrics.errors.inc({ service, reason: "connect" });
      this.logger.debug(
        { service, backend: backendKey(backend), reason },
        "backend did not accept, trying another",
      );
      failed.add(backendKey(backend));
      if (attempt >= MAX_CONNECT_ATTEMPTS) {
        this.metrics.errors.inc({ service, reason: "exhausted" });
        client.destroy();
        return;
      }
      this.#connect(client, target, failed, attempt + 1);
    };
    upstream.once("error", (error) => retry(error.message));
    upstream.once("timeout", () => retry("connect timeout"));
    upstream.once("connect", () => {
      upstream.removeAllListeners("error");
      upstream.removeAllListeners("timeout");
      upstream.setTimeout(0);
      this.#pipe(client, upstream, service, backend);
    });
  }

  #pipe(client: Socket, upstream: Socket, service: string, backend: Backend): void {
    this.#track(upstream);
    this.metrics.active.inc({ service });
    upstream.on("error", (error) => {
      this.metrics.errors.inc({ service, reason: "stream" });
      this.logger.debug({ service, backend: backendKey(backend), err: error }, "backend connection failed");
      client.destroy();
    });
    // A clean close on one side ends the other after its pending writes; an error aborts it at once.
    client.on("close", (hadError) => settle(upstream, hadError));
    upstream.on("close", (hadError) => {
      settle(client, hadError);
      this.metrics.active.dec({ service });
      this.metrics.bytes.inc({ service, direction: "in" }, upstream.bytesWritten);
      this.metrics.bytes.inc({ service, direction: "out" }, upstream.bytesRead);
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }

  #track(socket: Socket): void {
    this.#open.add(socket);
    socket.once("close", () => this.#open.delete(socket));
  }
}
