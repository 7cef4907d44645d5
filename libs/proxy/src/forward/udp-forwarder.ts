import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import type { Logger } from "@capstan/runtime";
import { backendKey } from "../model/service-ports.js";
import type { ProxyMetrics } from "./proxy-metrics.js";
import type { ForwardTarget } from "./tcp-forwarder.js";

interface Session {
  readonly socket: Socket;
  readonly backend: string;
  timer: NodeJS.Timeout;
  /** Datagrams that arrived before the socket finished connecting; undefined once connected. */
  pending: Buffer[] | undefined;
}

/**
 * Forwards the datagrams arriving on one UDP listener: each client address gets a session (a socket
 * connected to the backend the balancer chose) whose replies go back to the client through the listener.
 * Sessions end after `idleMs` without traffic, and at once when their backend stops being ready (there
 * is no connection to drain in UDP: Kubernetes clears such conntrack entries too).
 */
export class UdpForwarder {
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly listener: Socket,
    private target: ForwardTarget,
    private readonly idleMs: number,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {
    listener.on("message", (message, client) => {
      // dgram throws synchronously on a socket closed meanwhile (a session ended by its backend's removal).
      try {
        this.#forward(message, client);
      } catch (error) {
        this.#failed(error);
      }
    });
  }

  /** Points the listener at a new service port definition and drops sessions to backends gone. */
  retarget(target: ForwardTarget): void {
    this.target = target;
    const ready = new Set(target.balancer.backends.map(backendKey));
    for (const [client, session] of this.#sessions)
      if (!ready.has(session.backend)) this.#end(client, session);
  }

  /** Ends every session. */
  close(): void {
    for (const [client, session] of this.#sessions) this.#end(client, session);
  }

  #forward(message: Buffer, client: RemoteInfo): void {
    const service = this.target.id;
    const clientKey = `${client.address}:${client.port}`;
    let session = this.#sessions.get(clientKey);
    if (!session) {
      const backend = this.target.balancer.pick(client.address);
      if (!backend) {
        this.metrics.errors.inc({ service, reason: "no-endpoints" });
        return;
      }
      session = this.#open(clientKey, client, backend.ip, backend.port, backendKey(backend));
      this.metrics.connections.inc({ service, protocol: "UDP" });
    }
    session.timer.refresh();
    this.metrics.packets.inc({ service, direction: "in" });
    this.metrics.bytes.inc({ service, direction: "in" }, message.length);
    if (session.pending) session.pending.push(message);
    else session.socket.send(message);
  }

  #open(clientKey: string, client: RemoteInfo, ip: string, port: number, backend: string): Session {
    const socket = createSocket("udp4");
    const session: Session = {
      socket,
      backend,
      timer: setTimeout(() => this.#end(clientKey, session), this.idleMs),
      pending: [],
    };
    session.timer.unref();
    socket.connect(port, ip, () => {
      const queued = session.pending ?? [];
      session.pending = undefined;
      for (const message of queued) socket.send(message);
    });
    socket.on("message", (reply) => {
      const service = this.target.id;
      session.timer.refresh();
      this.metrics.packets.inc({ service, direction: "out" });
      this.metrics.bytes.inc({ service, direction: "out" }, reply.length);
      try {
        this.listener.send(reply, client.port, client.address);
      } catch (error) {
        this.#failed(error);
      }
    });
    socket.on("error", (error) => {
      this.metrics.errors.inc({ service: this.target.id, reason: "stream" });
      this.logger.debug({ service: this.target.id, backend, err: error }, "UDP backend failed");
      this.#end(clientKey, session);
    });
    this.#sessions.set(clientKey, session);
    return session;
  }

  #failed(error: unknown): void {
    this.metrics.errors.inc({ service: this.target.id, reason: "stream" });
    this.logger.debug({ service: this.target.id, err: error }, "UDP forwarding failed");
  }

  #end(clientKey: string, session: Session): void {
    clearTimeout(session.timer);
    if (this.#sessions.get(clientKey) === session) this.#sessions.delete(clientKey);
    try {
      session.socket.close();
    } catch {
      // Already closed (an error closed it first).
    }
  }
}
