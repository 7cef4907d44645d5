import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Lease, Node, NodeCondition } from "@capstan/api";
import type { NodeLifecycleOptions } from "./options.js";

/** A node's readiness as the controller acts on it: the kubelet's word, or Unknown once it went silent. */
export type Readiness = "True" | "False" | "Unknown";

/** The node's Ready condition, if it has one. */
export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions.find((condition) => condition.type === "Ready");
}

/**
 * When the controller last saw each node's heartbeat change, on its own clock: Kubernetes compares the
 * controller's observation times, not the kubelet's timestamps, so clock skew between machines does not
 * matter. A restarted controller starts everyone's clock afresh (a grace period before anything happens).
 */
export class HeartbeatTracker {
  private readonly seen = new Map<string, { marker: string; observedAt: number; renewed: boolean }>();

  /** Records the node's current heartbeat marker; returns when it was first seen and whether it ever beat. */
  observe(node: Node, lease: Lease | undefined, now: number): { observedAt: number; renewed: boolean } {
    const name = node.metadata?.name ?? "";
    const renew = lease?.spec?.renewTime;
    const heartbeat = readyCondition(node)?.lastHeartbeatTime;
    const marker = `${renew ? timestampMs(renew) : ""}|${heartbeat ? timestampMs(heartbeat) : ""}`;
    const renewed = renew !== undefined || heartbeat !== undefined;
    const last = this.seen.get(name);
    if (last?.marker === marker) return last;
    const entry = { marker, observedAt: now, renewed };
    this.seen.set(name, entry);
    return entry;
  }

  /** Forgets a node that is gone. */
  forget(name: string): void {
    this.seen.delete(name);
  }
}

/** What the controller concludes about one node at `now`. */
export interface NodeHealth {
  readonly readiness: Readiness;
  /** The heartbeat is older than the grace period: the node is to be marked Ready=Unknown. */
  readonly silent: boolean;
  /** When to look again at the latest (the moment the grace period would run out, or the monitor period). */
  readonly recheckInMs: number;
}

/** The node's health from its heartbeats (Lease renewals, or Ready heartbeats of an old kubelet). */
export function nodeHealth(
  node: Node,
  lease: Lease | undefined,
  tracker: HeartbeatTracker,
  now: number,
  options: NodeLifecycleOptions,
): NodeHealth {
  const { observedAt, renewed } = tracker.observe(node, lease, now);
  const grace = renewed ? options.nodeMonitorGracePeriodMs : options.nodeStartupGracePeriodMs;
  const left = observedAt + grace - now;
  const silent = left < 0;
  const posted = readyCondition(node)?.status;
  const readiness: Readiness = silent
    ? "Unknown"
    : posted === "True" || posted === "False"
      ? posted
      : "Unknown";
  return {
    readiness,
    silent,
    recheckInMs: silent ? options.nodeMonitorPeriodMs : Math.min(left + 1, options.nodeMonitorPeriodMs),
  };
}
