import { defineConfig } from "@capstan/runtime";

/**
 * Configuration of the proxy component, shared by `apps/proxy` and `capstan up` (flags such as
 * `--node-port-addresses`, environment such as `CAPSTAN_NODE_PORT_ADDRESSES`).
 */
export const proxyConfig = defineConfig({
  apiserverGrpc: {
    type: "string",
    default: "127.0.0.1:6444",
    description: "gRPC address (host:port) of the apiserver, for the lists (and the watches without NATS)",
  },
  natsUrl: {
    type: "list",
    description: "NATS servers carrying the change feed; empty watches the apiserver over gRPC instead",
  },
  nodePortAddresses: {
    type: "list",
    default: ["0.0.0.0"],
    description: "Addresses node ports listen on",
  },
  clusterIps: {
    type: "boolean",
    default: true,
    description:
      "Serve cluster IPs on a dummy interface (Linux as root; skipped with a logged reason otherwise)",
  },
  clusterIpInterface: {
    type: "string",
    default: "capstan0",
    description: "Dummy interface that holds the cluster IPs",
  },
  serviceClusterIpRange: {
    type: "string",
    default: "10.96.0.0/12",
    description:
      "The apiserver's service range: routed unreachable so no cluster IP traffic leaves the machine",
  },
  clusterDns: {
    type: "list",
    default: ["10.96.0.10"],
    description:
      "Addresses (ip or ip:port, port 53 by default) the cluster DNS answers on; empty turns DNS off",
  },
  clusterDomain: { type: "string", default: "cluster.local", description: "The cluster DNS zone" },
  dnsForward: {
    type: "boolean",
    default: true,
    description: "Forward names outside the cluster zone to the resolv.conf nameservers (else REFUSED)",
  },
  resolvConf: {
    type: "string",
    default: "/etc/resolv.conf",
    description: "Where the upstream nameservers are read from",
  },
  udpIdleTimeout: {
    type: "duration",
    default: "30s",
    description: "A UDP session to a backend ends after this long without traffic",
  },
  syncPeriod: {
    type: "duration",
    default: "5s",
    description: "Full resync period (retries listeners that could not open)",
  },
  healthHost: {
    type: "string",
    default: "127.0.0.1",
    description: "Address of /healthz, /readyz and /metrics",
  },
  healthPort: {
    type: "integer",
    default: 10256,
    min: 0,
    max: 65_535,
    description: "Port of /healthz, /readyz and /metrics (0 picks a free one)",
  },
});
