import type { Pod } from "@capstan/api";
import { StateKey } from "../../framework/cycle-state.js";
import type { NodeInfo, SchedulerPlugin } from "../../framework/types.js";

/** Name of the plugin that keeps pods whose host ports are taken off a node. */
export const NODE_PORTS = "NodePorts";
/** Kubernetes' reason when a requested host port is in use on the node. */
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";

/** A host port a container asks for. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const ANY_IP = "0.0.0.0";

/** The host ports a pod's containers ask for (empty IP means all addresses; protocol defaults to TCP). */
export function hostPorts(pod: Pod): readonly HostPort[] {
  let ports = portsByPod.get(pod);
  if (ports === undefined) {
    const found: HostPort[] = [];
    for (const container of pod.spec?.containers ?? []) {
      for (const port of container.ports) {
        if (port.hostPort > 0) {
          found.push({ ip: port.hostIp || ANY_IP, protocol: port.protocol || "TCP", port: port.hostPort });
        }
      }
    }
    ports = found;
    portsByPod.set(pod, ports);
  }
  return ports;
}

/** Informer objects are replaced on update, never changed: the ports of a placed pod are read once. */
const portsByPod = new WeakMap<Pod, readonly HostPort[]>();

/**
 * Kubernetes' conflict rule: same protocol and port, and the addresses overlap (equal, or one of them is
 * 0.0.0.0, which binds every address).
 */
export function conflicts(a: HostPort, b: HostPort): boolean {
  return (
    a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === ANY_IP || b.ip === ANY_IP)
  );
}

/** True when none of `wanted` conflicts with a host port of a pod already on the node. */
export function fitsHostPorts(wanted: readonly HostPort[], node: NodeInfo): boolean {
  if (wanted.length === 0) return true;
  for (const pod of node.pods) {
    for (const used of hostPorts(pod)) {
      if (wanted.some((port) => conflicts(port, used))) return false;
    }
  }
  return true;
}

const WANTED = new StateKey<readonly HostPort[]>(`${NODE_PORTS}/wanted`);

/** The NodePorts plugin: PreFilter reads the pod's host ports once, Filter checks each node. */
export const nodePortsPlugin = {
  name: NODE_PORTS,
  preFilter(pod, _snapshot, state) {
    state.write(WANTED, hostPorts(pod));
    return undefined;
  },
  filter: (_pod, node, state) =>
    fitsHostPorts(state.require(WANTED), node) ? undefined : [NODE_PORTS_REASON],
} satisfies SchedulerPlugin;
