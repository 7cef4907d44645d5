import type { Logger } from "@capstan/runtime";
import type { NatsConnection } from "nats";

/** Whether the client is connected right now, tracked from the connection's status events. */
export interface ConnectionState {
  connected(): boolean;
}

/**
 * Follows `nc`'s status events until it closes, logging disconnects and reconnects when a logger is
 * given. A health check can then fail at once while disconnected instead of waiting for a request timeout.
 */
export function watchConnection(nc: NatsConnection, logger: Logger | undefined): ConnectionState {
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") connected = false;
      if (status.type === "reconnect") connected = true;
      if (status.type === "disconnect" || status.type === "reconnect" || status.type === "error") {
        logger?.info({ status: status.type, data: String(status.data) }, "nats connection");
      }
    }
  })();
  return { connected: () => connected && !nc.isClosed() };
}
