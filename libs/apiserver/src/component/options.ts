import { defineConfig } from "@capstan/runtime";

/**
 * Configuration of the apiserver component, shared by `apps/apiserver` and the all-in-one `capstan up`
 * (flags such as `--api-port`, environment such as `CAPSTAN_API_PORT`).
 */
export const apiServerConfig = defineConfig({
  apiHost: {
    type: "string",
    default: "127.0.0.1",
    description: "Address the Kubernetes REST API listens on",
  },
  apiPort: { type: "integer", default: 6443, min: 0, max: 65_535, description: "Port of the REST API" },
  grpcPort: {
    type: "integer",
    default: 6444,
    min: 0,
    max: 65_535,
    description: "Port of the typed gRPC API (same address as the REST API)",
  },
  store: {
    type: "string",
    default: "sqlite",
    choices: ["sqlite", "etcd"],
    description: "Store driver: embedded SQLite (one apiserver) or etcd (several apiservers)",
  },
  dataDir: { type: "string", default: "./.capstan", description: "Directory for the SQLite store and state" },
  etcdEndpoints: {
    type: "list",
    description: "etcd client URLs when --store etcd, e.g. http://127.0.0.1:2379",
  },
  natsUrl: {
    type: "list",
    description: "NATS servers for the change feed; empty runs the bus in-process",
  },
  serviceClusterIpRange: {
    type: "string",
    default: "10.96.0.0/12",
    description:
      "IPv4 CIDR that Service cluster IPs are allocated from (Kubernetes' --service-cluster-ip-range)",
  },
  serviceNodePortRange: {
    type: "string",
    default: "30000-32767",
    description: "Ports that NodePort and LoadBalancer services get node ports from, MIN-MAX",
  },
  defaultNotReadyTolerationSeconds: {
    type: "integer",
    default: 300,
    min: 0,
    max: 86_400,
    description:
      "tolerationSeconds of the node.kubernetes.io/not-ready NoExecute toleration added to new pods",
  },
  defaultUnreachableTolerationSeconds: {
    type: "integer",
    default: 300,
    min: 0,
    max: 86_400,
    description:
      "tolerationSeconds of the node.kubernetes.io/unreachable NoExecute toleration added to new pods",
  },
  tlsCertFile: {
    type: "string",
    default: "",
    description: "PEM certificate of the REST API: serve HTTPS (with --tls-private-key-file)",
  },
  tlsPrivateKeyFile: { type: "string", default: "", description: "PEM private key of --tls-cert-file" },
  insecurePort: {
    type: "integer",
    default: 0,
    min: 0,
    max: 65_535,
    description:
      "Also serve the REST API in plain HTTP, unauthenticated, on this port (private networks only; 0: off)",
  },
  tokenAuthFile: {
    type: "string",
    default: "",
    description: 'Require bearer tokens on the REST API, from this CSV file: token,user,uid[,"groups"]',
  },
  compactionInterval: {
    type: "duration",
    default: "5m",
    description: "How often old store history is compacted",
  },
});
