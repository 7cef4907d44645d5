import { defineConfig } from "@capstan/runtime";

/**
 * Configuration of the scheduler component, shared by `apps/scheduler` and `capstan up` (flags such as
 * `--scheduler-name`, environment such as `CAPSTAN_SCHEDULER_NAME`). Leader election defaults are
 * kube-scheduler's: lease 15 s, renew deadline 10 s, retry period 2 s, Lease `kube-system/kube-scheduler`.
 */
export const schedulerConfig = defineConfig({
  apiserverUrl: {
    type: "string",
    default: "http://127.0.0.1:6443",
    description: "REST URL of the apiserver (bindings, pod status, events)",
  },
  apiserverGrpc: {
    type: "string",
    default: "127.0.0.1:6444",
    description: "host:port of the apiserver's gRPC API (pod and node informers, leases)",
  },
  schedulerName: {
    type: "string",
    default: "default-scheduler",
    description: "Schedule the pods whose spec.schedulerName is this",
  },
  config: {
    type: "string",
    description:
      "A KubeSchedulerConfiguration file (YAML or JSON): profiles, backoffs, leader election (the file wins over flags)",
  },
  leaderElect: {
    type: "boolean",
    default: true,
    description: "Run active/standby: only the holder of the Lease schedules",
  },
  leaderElectLeaseDuration: {
    type: "duration",
    default: "15s",
    description: "How long a standby waits for an unrenewed Lease before taking it",
  },
  leaderElectRenewDeadline: {
    type: "duration",
    default: "10s",
    description: "How long the leader keeps retrying a failing renewal before it stops scheduling",
  },
  leaderElectRetryPeriod: { type: "duration", default: "2s", description: "Pause between Lease attempts" },
  leaderElectResourceNamespace: {
    type: "string",
    default: "kube-system",
    description: "Namespace of the election Lease",
  },
  leaderElectResourceName: {
    type: "string",
    default: "kube-scheduler",
    description: "Name of the election Lease",
  },
  healthHost: {
    type: "string",
    default: "127.0.0.1",
    description: "Address of /healthz, /readyz and /metrics (0.0.0.0 in a container)",
  },
  healthPort: {
    type: "integer",
    default: 10251,
    min: 0,
    max: 65_535,
    description: "Port of /healthz, /readyz and /metrics; 0 picks a free port",
  },
});
