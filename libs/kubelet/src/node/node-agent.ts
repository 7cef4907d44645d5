import { toJsonString } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import {
  type Lease,
  LeaseService,
  type Node,
  NodeService,
  type NodeStatus,
  NodeStatusSchema,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import {
  createGrpcClient,
  ensureNodeLeaseNamespace,
  type GrpcTransport,
  renewNodeLease,
} from "@capstan/client";
import { abortableDelay, type Logger, type Runnable } from "@capstan/runtime";
import type { DockerRuntime } from "../runtime/index.js";
import { type HostFacts, readHostFacts } from "./host-facts.js";
import { conditionStates, nodeConditions, type RuntimeHealth } from "./node-conditions.js";
import { type HeartbeatBus, publishHeartbeat } from "./node-heartbeat.js";

import {
  NodeConfigError,
  nodeLabels,
  nodeResources,
  nodeStatus,
  type ResourceOverrides,
} from "./node-object.js";
import { measurePressure } from "./node-pressure.js";
import { registerNode, writeNodeStatus } from "./node-registration.js";

export interface NodeAgentOptions extends ResourceOverrides {
  readonly nodeName: string;
  readonly transport: GrpcTransport;
  readonly logger: Logger;
  /** Asked whether the engine answers (Ready) and for its version (nodeInfo). */
  readonly runtime: Pick<DockerRuntime, "ping" | "info">;
  /** The node's InternalIP. */
  readonly address: string;
  /** Reported as status.daemonEndpoints.kubeletEndpoint.port (the apiserver's log proxy dials it). */
  readonly kubeletPort: number;
  /** Extra Node labels (the well-known ones are always set). */
  readonly labels?: Record<string, string>;
  /** When given, every Lease renewal is also published on the bus (`capstan.heartbeat.node.<name>`). */
  readonly bus?: HeartbeatBus;
  /** Filesystem whose free space decides DiskPressure. Default "/". */
  readonly rootDir?: string;
  /** Lease spec.leaseDurationSeconds. Default 40 (Kubernetes' nodeLeaseDurationSeconds). */
  readonly leaseDurationSeconds?: number;
  /** How often the Lease is renewed. Default 10 s. */
  readonly leaseRenewIntervalMs?: number;
  /** How often the status is computed (written only when it changed). Default 10 s (nodeStatusUpdateFrequency). */
  readonly statusUpdateIntervalMs?: number;
  /** Unchanged status is still written this often. Default 5 min (nodeStatusReportFrequency). */
  readonly statusReportIntervalMs?: number;
}

const INTERVALS = [
  "leaseDurationSeconds",
  "leaseRenewIntervalMs",
  "statusUpdateIntervalMs",
  "statusReportIntervalMs",
] as const;

/** After a failed call to the apiserver, how soon to try again (capped by the normal interval). */
const RETRY_MS = 1_000;

/**
 * The node agent: registers the Node (capacity, allocatable, addresses, labels, conditions, nodeInfo), renews
 * its Lease in kube-node-lease every 10 s and publishes a bus heartbeat with it, and recomputes the status
 * every 10 s, writing it only when it changed or every 5 minutes. Ready is False with reason
 * ContainerRuntimeUnreachable (and a message saying how to fix it) while the Docker Engine does not answer.
 * Apiserver failures are logged and retried; the agent runs until `signal` aborts.
 */
export function createNodeAgent(options: NodeAgentOptions): Runnable {
  if (typeof options.nodeName !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.nodeName)) {
    throw new NodeConfigError(`node agent: invalid node name ${JSON.stringify(options.nodeName)}`);
  }
  for (const key of INTERVALS) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new NodeConfigError(`node agent: ${key} must be a positive number, got ${String(value)}`);
    }
  }
  return { name: "node-agent", start: (signal) => new NodeAgent(options).run(signal) };
}

class NodeAgent {
  private readonly nodes;
  private readonly leases;
  private readonly log: Logger;
  private facts: HostFacts | undefined;
  private node: Node | undefined;
  private lease: Lease | undefined;
  private dockerVersion = "";
  private writtenKey = "";
  private writtenAt = 0;
  /** Steps failing now, so an apiserver outage warns once per step rather than every second. */
  private readonly failing = new Set<string>();

  constructor(private readonly options: NodeAgentOptions) {
    this.nodes = createGrpcClient(NodeService, options.transport);
    this.leases = createGrpcClient(LeaseService, options.transport);
    this.log = options.logger.child({ node: options.nodeName });
  }

  async run(signal: AbortSignal): Promise<void> {
    const renewEvery = this.options.leaseRenewIntervalMs ?? 10_000;
    const updateEvery = this.options.statusUpdateIntervalMs ?? 10_000;
    this.facts = await readHostFacts();
    nodeResources(this.facts, this.options); // a bad override fails the start, not every tick
    let nextLease = 0;
    let nextStatus = 0;
    while (!signal.aborted) {
      const now = Date.now();
      if (now >= nextStatus) {
        nextStatus =
          now +
          ((await this.attempt("node status", () => this.syncStatus(signal), signal))
            ? updateEvery
            : Math.min(updateEvery, RETRY_MS));
      }
      if (now >= nextLease && this.node) {
        nextLease =
          now +
          ((await this.attempt("node lease", () => this.renewLease(signal), signal))
            ? renewEvery
            : Math.min(renewEvery, RETRY_MS));
      }
      const wake = this.node ? Math.min(nextLease, nextStatus) : nextStatus;
      await abortableDelay(Math.max(0, wake - Date.now()), signal);
    }
  }

  /** Runs one step; a failure is logged (not thrown: the loop retries) unless the agent is stopping. */
  private async attempt(what: string, step: () => Promise<void>, signal: AbortSignal): Promise<boolean> {
    try {
      await step();
      if (this.failing.delete(what)) this.log.info(`${what} recovered`);
      return true;
    } catch (error) {
      // A call cut short by the agent's own stop is not a failure; an outage warns once, then logs at debug.
      if (signal.aborted) return false;
      const first = !this.failing.has(what);
      this.failing.add(what);
      this.log[first ? "warn" : "debug"]({ err: error }, `${what} failed; retrying`);
      return false;
    }
  }

  private async syncStatus(signal: AbortSignal): Promise<void> {
    const readyBefore = readyOf(this.node?.status);
    // Read the Node every period, as the kubelet does: it notices a deleted Node (and re-registers it) and
    // bases the write on the current resourceVersion and on conditions others set.
    if (this.node) this.node = await this.readNode(signal);
    const status = await this.currentStatus();
    const key = statusKey(status);
    const reportEvery = this.options.statusReportIntervalMs ?? 300_000;
    if (this.node && key === this.writtenKey && Date.now() - this.writtenAt < reportEvery) return;
    if (this.node) {
      this.node = await writeNodeStatus(this.nodes, this.node, status, signal);
    } else {
      await ensureNodeLeaseNamespace(this.options.transport, signal);
      this.node = await registerNode(this.nodes, this.options.nodeName, this.labels(), status, signal);
      this.log.info({ ready: readyOf(status) }, "node registered");
    }
    if (readyBefore !== "Unknown" && readyOf(status) !== readyBefore) {
      this.log.info({ ready: readyOf(status) }, "node readiness changed");
    }
    this.writtenKey = key;
    this.writtenAt = Date.now();
  }

  private async readNode(signal: AbortSignal): Promise<Node | undefined> {
    try {
      return await this.nodes.get({ name: this.options.nodeName }, { signal });
    } catch (error) {
      if (ApiError.is(error, "NotFound")) return undefined;
      throw error;
    }
  }

  private async currentStatus(): Promise<NodeStatus> {
    const facts = this.facts ?? (await readHostFacts());
    const [health, pressure] = await Promise.all([
      this.runtimeHealth(),
      measurePressure(this.options.rootDir ?? "/"),
    ]);
    const conditions = nodeConditions(
      conditionStates(health, pressure),
      this.node?.status?.conditions ?? [],
      timestampNow(),
    );
    return nodeStatus({
      facts,
      resources: nodeResources(facts, this.options),
      address: this.options.address,
      kubeletPort: this.options.kubeletPort,
      dockerVersion: this.dockerVersion,
      conditions,
    });
  }

  private async runtimeHealth(): Promise<RuntimeHealth> {
    try {
      await this.options.runtime.ping();
      if (!this.dockerVersion) this.dockerVersion = (await this.options.runtime.info()).serverVersion;
      return { ok: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `cannot reach the Docker Engine: ${reason}` };
    }
  }

  private async renewLease(signal: AbortSignal): Promise<void> {
    this.lease = await renewNodeLease(
      this.leases,
      {
        nodeName: this.options.nodeName,
        nodeUid: this.node?.metadata?.uid ?? "",
        leaseDurationSeconds: this.options.leaseDurationSeconds ?? 40,
      },
      this.lease,
      signal,
    );
    if (this.options.bus) {
      const failed = publishHeartbeat(
        this.options.bus,
        this.options.nodeName,
        readyOf(this.node?.status) === "True",
      );
      if (failed) this.log.debug({ err: failed }, "bus heartbeat not published");
    }
  }

  private labels(): Record<string, string> {
    if (!this.facts) throw new Error("node agent: host facts not read yet");
    return nodeLabels(this.options.nodeName, this.facts, this.options.labels);
  }
}

function readyOf(status: NodeStatus | undefined): string {
  return status?.conditions.find((condition) => condition.type === "Ready")?.status ?? "Unknown";
}

/** The status as JSON without heartbeat times: equal keys mean nothing worth a write changed. */
function statusKey(status: NodeStatus): string {
  const conditions = status.conditions.map((condition) => ({ ...condition, lastHeartbeatTime: undefined }));
  return toJsonString(NodeStatusSchema, { ...status, conditions });
}
