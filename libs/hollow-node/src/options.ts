import type { GrpcTransport } from "@capstan/client";
import type { Logger } from "@capstan/runtime";

/** What each simulated node offers the scheduler. Quantities as Kubernetes writes them ("4", "8Gi"). */
export interface HollowCapacity {
  readonly cpu: string;
  readonly memory: string;
  /** Pods the node accepts; at most 254, since each node hands out pod IPs from one /24. */
  readonly pods: number;
}

/** A taint every node of the group carries (e.g. to test tolerations). */
export interface HollowTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Options of {@link startHollowNodes}. */
export interface HollowNodesOptions {
  /** gRPC connection to the apiserver (`createGrpcTransport` from @capstan/client). */
  readonly transport: GrpcTransport;
  /** How many nodes to start: 1 to 49,152 (the pod-IP plan gives each node its own /24 in 10.64.0.0/10). */
  readonly count: number;
  /** Nodes are named `<namePrefix><index>`, index from 0; a DNS-1123 subdomain prefix. Default "hollow-". */
  readonly namePrefix?: string;
  /** Defaults to 4 cpu, 8Gi memory, 110 pods (Kubernetes' default pod limit). */
  readonly capacity?: Partial<HollowCapacity>;
  /**
   * Extra labels on every node (on top of kubernetes.io/hostname, os and arch), or a function of the node's
   * index and name returning them.
   */
  readonly labels?:
    | Readonly<Record<string, string>>
    | ((index: number, name: string) => Record<string, string>);
  /** Spread nodes round-robin over these zones (label topology.kubernetes.io/zone). */
  readonly zones?: readonly string[];
  readonly taints?: readonly HollowTaint[];
  /** How often each node renews its Lease, in ms; default 10,000 as the kubelet does. */
  readonly heartbeatIntervalMs?: number;
  /** Status writes and deletions in flight at once across all nodes; default 16. */
  readonly concurrency?: number;
  readonly logger: Logger;
}

/** Bad options to {@link startHollowNodes}: which option and why. */
export class HollowNodeConfigError extends Error {
  override readonly name = "HollowNodeConfigError";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`hollow nodes: ${option}: ${message}`);
  }
}

/** The options with defaults applied, validated. */
export interface ResolvedOptions {
  readonly transport: GrpcTransport;
  readonly count: number;
  readonly namePrefix: string;
  readonly capacity: HollowCapacity;
  readonly labels: (index: number, name: string) => Record<string, string>;
  readonly zones: readonly string[];
  readonly taints: readonly HollowTaint[];
  readonly heartbeatIntervalMs: number;
  readonly concurrency: number;
  readonly logger: Logger;
}

/** The most nodes one call starts: the pod-IP plan (10.64.0.0/10, a /24 per node) has room for this many. */
export const MAX_HOLLOW_NODES = 49_152;
const MAX_PODS_PER_NODE = 254;
const NAME_PREFIX = /^[a-z0-9]([-a-z0-9.]*[a-z0-9.-])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Applies defaults and checks every option; throws {@link HollowNodeConfigError}. */
export function resolveOptions(options: HollowNodesOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new HollowNodeConfigError("options", "expected an object");
  }
  if (typeof options.transport?.client !== "object") {
    throw new HollowNodeConfigError("transport", "expected a GrpcTransport from createGrpcTransport");
  }
  if (typeof options.logger?.child !== "function") {
    throw new HollowNodeConfigError("logger", "expected a Logger");
  }
  const count = integerIn("count", options.count, 1, MAX_HOLLOW_NODES);
  const namePrefix = options.namePrefix ?? "hollow-";
  if (typeof namePrefix !== "string" || namePrefix.length > 200 || !NAME_PREFIX.test(namePrefix)) {
    throw new HollowNodeConfigError(
      "namePrefix",
      `not a DNS-1123 name prefix: ${JSON.stringify(namePrefix)}`,
    );
  }
  const capacity = {
    cpu: quantity("capacity.cpu", options.capacity?.cpu ?? "4"),
    memory: quantity("capacity.memory", options.capacity?.memory ?? "8Gi"),
    pods: integerIn("capacity.pods", options.capacity?.pods ?? 110, 1, MAX_PODS_PER_NODE),
  };
  const zones = options.zones ?? [];
  if (!Array.isArray(zones) || zones.some((zone) => typeof zone !== "string" || zone === "")) {
    throw new HollowNodeConfigError("zones", "expected an array of non-empty strings");
  }
  const taints = options.taints ?? [];
  if (!Array.isArray(taints) || taints.some((taint) => typeof taint?.key !== "string" || !taint.effect)) {
    throw new HollowNodeConfigError("taints", "expected an array of { key, value?, effect }");
  }
  return {
    transport: options.transport,
    count,
    namePrefix,
    capacity,
    labels: labelsOf(options.labels),
    zones,
    taints,
    heartbeatIntervalMs: integerIn(
      "heartbeatIntervalMs",
      options.heartbeatIntervalMs ?? 10_000,
      10,
      3_600_000,
    ),
    concurrency: integerIn("concurrency", options.concurrency ?? 16, 1, 1024),
    logger: options.logger,
  };
}

function integerIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new HollowNodeConfigError(
      option,
      `expected an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function quantity(option: string, value: unknown): string {
  if (typeof value !== "string" || !QUANTITY.test(value)) {
    throw new HollowNodeConfigError(option, `expected a quantity such as "4" or "8Gi", got ${String(value)}`);
  }
  return value;
}

function labelsOf(
  labels: HollowNodesOptions["labels"],
): (index: number, name: string) => Record<string, string> {
  if (labels === undefined) return () => ({});
  if (typeof labels === "function") return labels;
  if (
    typeof labels !== "object" ||
    labels === null ||
    Object.values(labels).some((v) => typeof v !== "string")
  ) {
    throw new HollowNodeConfigError("labels", "expected a record of strings or a function returning one");
  }
  return () => ({ ...labels });
}
