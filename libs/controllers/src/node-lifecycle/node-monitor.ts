import { clone, create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type Lease,
  type Node,
  NodeConditionSchema,
  NodeSchema,
  type NodeService,
  NodeSpecSchema,
  NodeStatusSchema,
  type Taint,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import {
  type Clock,
  type GrpcClient,
  type Lister,
  NODE_LEASE_NAMESPACE,
  type ReconcileResult,
} from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";
import { HeartbeatTracker, type NodeHealth, nodeHealth, readyCondition } from "./node-health.js";
import { fitTaints, hasNoExecuteTaint } from "./node-taints.js";
import type { NodeLifecycleOptions } from "./options.js";
import { allZonesDown, evictionInterval, zoneOf, zoneStates } from "./zone-disruption.js";

export interface NodeMonitorDeps {
  readonly nodes: Lister<Node>;
  readonly leases: Lister<Lease>;
  readonly client: GrpcClient<typeof NodeService>;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
  readonly options: NodeLifecycleOptions;
}

/**
 * The node half of Kubernetes' node lifecycle controller, per node name: a node whose heartbeat is older
 * than the grace period gets Ready (and its other conditions) Unknown with reason NodeStatusUnknown; a
 * node's not-ready/unreachable taints follow its readiness, the NoSchedule one at once, the NoExecute one
 * (which evicts pods) at most one node per eviction interval in each zone, and never while every zone
 * looks down. Returns when to look again, so silence is noticed without any event.
 */
export function createNodeMonitor(deps: NodeMonitorDeps) {
  const tracker = new HeartbeatTracker();
  /** When each zone last had a node tainted NoExecute (the eviction rate limit). */
  const lastTainted = new Map<string, number>();
  const leaseOf = (node: Node) => deps.leases.get(`${NODE_LEASE_NAMESPACE}/${node.metadata?.name ?? ""}`);
  const healthOf = (node: Node, now: number): NodeHealth =>
    nodeHealth(node, leaseOf(node), tracker, now, deps.options);

  const markUnknown = async (name: string, now: number) => {
    const next = clone(NodeSchema, await deps.client.get({ namespace: "", name }));
    next.status ??= create(NodeStatusSchema);
    const stamp = timestampFromMs(now);
    if (!readyCondition(next)) {
      next.status.conditions.push(
        create(NodeConditionSchema, {
          type: "Ready",
          reason: "NodeStatusNeverUpdated",
          message: "Kubelet never posted node status.",
        }),
      );
    }
    for (const condition of next.status.conditions) {
      if (condition.status === "Unknown") continue;
      condition.status = "Unknown";
      condition.reason = "NodeStatusUnknown";
      condition.message = "Kubelet stopped posting node status.";
      condition.lastTransitionTime = stamp;
    }
    await deps.client.updateStatus(next);
    deps.events.event(next, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
  };

  return async function reconcileNode(name: string): Promise<ReconcileResult | undefined> {
    const node = deps.nodes.get(name);
    if (!node) {
      tracker.forget(name);
      return undefined;
    }
    const now = deps.clock.now();
    const health = healthOf(node, now);
    if (health.silent && readyCondition(node)?.status !== "Unknown") await markUnknown(name, now);
    const states = zoneStates(
      deps.nodes.list().map((other) => ({ node: other, readiness: healthOf(other, now).readiness })),
      deps.options,
    );
    const taints = node.spec?.taints ?? [];
    let mode: "allow" | "keep" | "remove" = "keep";
    let recheck = health.recheckInMs;
    if (allZonesDown(states)) mode = "remove";
    else if (health.readiness !== "True" && !hasNoExecuteTaint(taints, health.readiness)) {
      const zone = zoneOf(node);
      const wait =
        (lastTainted.get(zone) ?? Number.NEGATIVE_INFINITY) +
        evictionInterval(zone, states, deps.options) -
        now;
      if (wait <= 0) mode = "allow";
      else if (Number.isFinite(wait)) recheck = Math.min(recheck, wait);
    }
    if (fitTaints(taints, health.readiness, mode, now)) {
      const written = await updateTaints(deps.client, name, (live) =>
        fitTaints(live, health.readiness, mode, now),
      );
      if (mode === "allow" && written && hasNoExecuteTaint(written, health.readiness)) {
        lastTainted.set(zoneOf(node), now);
      }
    }
    return { requeueAfter: recheck };
  };
}

/** Applies `fit` to the live node's taints and writes them when they change; returns the written taints. */
async function updateTaints(
  client: GrpcClient<typeof NodeService>,
  name: string,
  fit: (taints: readonly Taint[]) => Taint[] | undefined,
): Promise<Taint[] | undefined> {
  try {
    const current = clone(NodeSchema, await client.get({ namespace: "", name }));
    current.spec ??= create(NodeSpecSchema);
    const taints = fit(current.spec.taints);
    if (!taints) return undefined;
    current.spec.taints = taints;
    await client.update(current);
    return taints;
  } catch (error) {
    if (ApiError.is(error, "NotFound")) return undefined;
    throw error;
  }
}
