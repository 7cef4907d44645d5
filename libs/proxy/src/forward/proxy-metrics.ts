import { Counter, Gauge, type Registry } from "@capstan/runtime";

/** The proxy's Prometheus metrics, labelled by service port id (`namespace/name:port`). */
export interface ProxyMetrics {
  readonly connections: Counter<"service" | "protocol">;
  readonly active: Gauge<"service">;
  /** `direction` is `in` (client to backend) or `out` (backend to client). */
  readonly bytes: Counter<"service" | "direction">;
  /** `reason`: `no-endpoints`, `connect` (a backend refused; another was tried), `exhausted`, `stream`. */
  readonly errors: Counter<"service" | "reason">;
  readonly packets: Counter<"service" | "direction">;
  readonly syncs: Counter<"result">;
}

/** Registers the proxy metrics on a registry. */
export function createProxyMetrics(registry: Registry): ProxyMetrics {
  const registers = [registry];
  return {
    connections: new Counter({
      name: "capstan_proxy_connections_total",
      help: "Connections (TCP) and sessions (UDP) accepted per service port",
      labelNames: ["service", "protocol"],
      registers,
    }),
    active: new Gauge({
      name: "capstan_proxy_active_connections",
      help: "TCP connections open now per service port",
      labelNames: ["service"],
      registers,
    }),
    bytes: new Counter({
      name: "capstan_proxy_bytes_total",
      help: "Bytes forwarded per service port and direction",
      labelNames: ["service", "direction"],
      registers,
    }),
    errors: new Counter({
      name: "capstan_proxy_errors_total",
      help: "Forwarding failures per service port and reason",
      labelNames: ["service", "reason"],
      registers,
    }),
    packets: new Counter({
      name: "capstan_proxy_udp_packets_total",
      help: "UDP datagrams forwarded per service port and direction",
      labelNames: ["service", "direction"],
      registers,
    }),
    syncs: new Counter({
      name: "capstan_proxy_syncs_total",
      help: "Rule syncs (listeners and backends brought to the desired state)",
      labelNames: ["result"],
      registers,
    }),
  };
}
