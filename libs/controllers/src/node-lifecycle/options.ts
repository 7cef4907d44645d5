import { defineConfig } from "@capstan/runtime";

/** Settings of the node lifecycle controller; every default is kube-controller-manager's. */
export interface NodeLifecycleOptions {
  /** A node whose Lease is not renewed for this long becomes Ready=Unknown. Default 40 s. */
  readonly nodeMonitorGracePeriodMs: number;
  /** How often every node's health is looked at again even without a change. Default 5 s. */
  readonly nodeMonitorPeriodMs: number;
  /** A node that never renewed its Lease is given this long after creation. Default 60 s. */
  readonly nodeStartupGracePeriodMs: number;
  /** At most one node gets the NoExecute taint per this interval in a healthy zone (0.1/s). Default 10 s. */
  readonly nodeEvictionIntervalMs: number;
  /** The same in a partially disrupted large zone (0.01/s). Default 100 s. */
  readonly secondaryNodeEvictionIntervalMs: number;
  /** A zone with more than 2 unhealthy nodes and at least this share of them unhealthy is partially disrupted. Default 0.55. */
  readonly unhealthyZoneThreshold: number;
  /** A partially disrupted zone of at most this many nodes evicts nothing at all. Default 50. */
  readonly largeClusterSizeThreshold: number;
}

/** Kubernetes' defaults. */
export const DEFAULT_NODE_LIFECYCLE_OPTIONS: NodeLifecycleOptions = Object.freeze({
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  nodeStartupGracePeriodMs: 60_000,
  nodeEvictionIntervalMs: 10_000,
  secondaryNodeEvictionIntervalMs: 100_000,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
});

/**
 * Fast failover (a silent node's pods Running elsewhere in under 10 s): kubelets renew their Lease every
 * 1 s, this controller declares a node unreachable after 4 s and looks every 500 ms, and pods get a
 * 2 s toleration of the not-ready/unreachable taints (the apiserver's default-toleration-seconds).
 */
export const FAST_FAILOVER_NODE_LIFECYCLE_OPTIONS: NodeLifecycleOptions = Object.freeze({
  ...DEFAULT_NODE_LIFECYCLE_OPTIONS,
  nodeMonitorGracePeriodMs: 4_000,
  nodeMonitorPeriodMs: 500,
  nodeStartupGracePeriodMs: 10_000,
});

/** The controller-manager flags of these settings (spread into its config schema). */
export const nodeLifecycleConfig = defineConfig({
  nodeMonitorGracePeriod: {
    type: "duration",
    default: "40s",
    description: "A node whose Lease is not renewed for this long becomes Ready=Unknown and unreachable",
  },
  nodeMonitorPeriod: { type: "duration", default: "5s", description: "How often node health is checked" },
  nodeStartupGracePeriod: {
    type: "duration",
    default: "1m",
    description: "How long a new node may take to renew its Lease the first time",
  },
  nodeEvictionInterval: {
    type: "duration",
    default: "10s",
    description: "At most one node tainted for eviction per interval (Kubernetes' --node-eviction-rate 0.1)",
  },
  secondaryNodeEvictionInterval: {
    type: "duration",
    default: "100s",
    description: "The same in a partially disrupted zone (--secondary-node-eviction-rate 0.01)",
  },
  unhealthyZoneThresholdPercent: {
    type: "integer",
    default: 55,
    min: 1,
    max: 100,
    description: "Share of unhealthy nodes above which a zone is partially disrupted",
  },
  largeClusterSizeThreshold: {
    type: "integer",
    default: 50,
    min: 0,
    max: 1_000_000,
    description: "A partially disrupted zone this small stops evicting altogether",
  },
});

/** Options from parsed controller-manager flags (durations in milliseconds). */
export function nodeLifecycleOptionsFrom(config: {
  readonly nodeMonitorGracePeriod: number;
  readonly nodeMonitorPeriod: number;
  readonly nodeStartupGracePeriod: number;
  readonly nodeEvictionInterval: number;
  readonly secondaryNodeEvictionInterval: number;
  readonly unhealthyZoneThresholdPercent: number;
  readonly largeClusterSizeThreshold: number;
}): NodeLifecycleOptions {
  return checkNodeLifecycleOptions({
    nodeMonitorGracePeriodMs: config.nodeMonitorGracePeriod,
    nodeMonitorPeriodMs: config.nodeMonitorPeriod,
    nodeStartupGracePeriodMs: config.nodeStartupGracePeriod,
    nodeEvictionIntervalMs: config.nodeEvictionInterval,
    secondaryNodeEvictionIntervalMs: config.secondaryNodeEvictionInterval,
    unhealthyZoneThreshold: config.unhealthyZoneThresholdPercent / 100,
    largeClusterSizeThreshold: config.largeClusterSizeThreshold,
  });
}

/** Fills defaults and checks every value; throws a RangeError naming the bad one. */
export function checkNodeLifecycleOptions(options: Partial<NodeLifecycleOptions> = {}): NodeLifecycleOptions {
  const resolved = { ...DEFAULT_NODE_LIFECYCLE_OPTIONS, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`node lifecycle: ${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (resolved.nodeMonitorPeriodMs <= 0 || resolved.nodeMonitorGracePeriodMs <= 0) {
    throw new RangeError("node lifecycle: nodeMonitorPeriodMs and nodeMonitorGracePeriodMs must be > 0");
  }
  if (resolved.unhealthyZoneThreshold > 1) {
    throw new RangeError(
      `node lifecycle: unhealthyZoneThreshold must be <= 1, got ${resolved.unhealthyZoneThreshold}`,
    );
  }
  return resolved;
}
