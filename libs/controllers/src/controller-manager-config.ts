import { defineConfig } from "@capstan/runtime";
import { nodeLifecycleConfig } from "./node-lifecycle/index.js";

/**
 * The controller-manager's settings (flags `--x-y`, environment `CAPSTAN_X_Y`), named after
 * kube-controller-manager's where one exists.
 */
export const controllerManagerConfig = defineConfig({
  apiserverGrpc: {
    type: "string",
    default: "127.0.0.1:6444",
    description: "gRPC address (host:port) of the apiserver",
  },
  controllers: {
    type: "list",
    default: ["*"],
    description: "Controllers to run: * for all on by default, name to add one, -name to leave one out",
  },
  concurrentSyncs: {
    type: "integer",
    default: 5,
    min: 1,
    max: 100,
    description: "Reconcile workers per controller",
  },
  leaderElect: {
    type: "boolean",
    default: true,
    description: "Run controllers only while holding the leader Lease (active/standby)",
  },
  leaderElectLeaseDuration: {
    type: "duration",
    default: "15s",
    description: "How long a standby waits after the last renewal before taking over",
  },
  leaderElectRenewDeadline: {
    type: "duration",
    default: "10s",
    description: "How long the leader retries renewing before it stops its controllers",
  },
  leaderElectRetryPeriod: { type: "duration", default: "2s", description: "Pause between lease attempts" },
  leaderElectResourceNamespace: {
    type: "string",
    default: "kube-system",
    description: "Namespace of the leader Lease",
  },
  leaderElectResourceName: {
    type: "string",
    default: "kube-controller-manager",
    description: "Name of the leader Lease",
  },
  healthHost: {
    type: "string",
    default: "127.0.0.1",
    description: "Address of /healthz, /readyz and /metrics",
  },
  healthPort: {
    type: "integer",
    default: 10257,
    min: 0,
    max: 65_535,
    description: "Port of /healthz, /readyz and /metrics (0 picks a free one)",
  },
  ...nodeLifecycleConfig,
});
