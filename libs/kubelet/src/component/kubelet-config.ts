import { hostname } from "node:os";
import { defineConfig } from "@capstan/runtime";

/** The kubelet's flags and environment variables (CAPSTAN_<NAME>), for `apps/kubelet` and `capstan up`. */
export const kubeletConfig = defineConfig({
  nodeName: {
    type: "string",
    default: hostname().toLowerCase(),
    description: "Name of this node (default: the host name)",
  },
  apiserverUrl: {
    type: "string",
    default: "http://127.0.0.1:6443",
    description: "REST URL of the apiserver",
  },
  apiserverGrpc: {
    type: "string",
    default: "127.0.0.1:6444",
    description: "host:port of the apiserver's gRPC API (pods, nodes, leases, events)",
  },
  dockerSocket: {
    type: "string",
    default: "/var/run/docker.sock",
    description: "Unix socket of the Docker Engine that runs the pods",
  },
  nodeIp: {
    type: "string",
    default: "127.0.0.1",
    description: "The node's address: its InternalIP, every pod's hostIP, where the kubelet port listens",
  },
  kubeletPort: {
    type: "integer",
    default: 10_250,
    min: 0,
    max: 65_535,
    description: "Port of the kubelet's HTTP endpoint (container logs for kubectl logs, /healthz, /metrics)",
  },
  maxPods: { type: "integer", default: 110, min: 1, max: 10_000, description: "Pods this node accepts" },
  cpu: { type: "string", default: "", description: "CPU capacity to report instead of the host's (e.g. 4)" },
  memory: {
    type: "string",
    default: "",
    description: "Memory capacity to report instead of the host's (e.g. 8Gi)",
  },
  clusterDns: {
    type: "list",
    description:
      "Cluster DNS server addresses pods with dnsPolicy ClusterFirst use (empty: the node's resolver)",
  },
  clusterDomain: { type: "string", default: "cluster.local", description: "The cluster's DNS domain" },
  allowPrivileged: {
    type: "boolean",
    default: false,
    description: "Run privileged containers (otherwise such pods fail with reason Forbidden)",
  },
  sandboxImage: {
    type: "string",
    default: "capstan/pause:1",
    description: "Pod sandbox image; capstan/pause:* is built locally when missing, others are pulled",
  },
  rootDir: {
    type: "string",
    default: "./.capstan/kubelet",
    description: "Directory for pod volumes (emptyDir, configMap, secret files), one per node name",
  },
  podWorkers: { type: "integer", default: 16, min: 1, max: 256, description: "Pods synced at once" },
});
