import type { Node } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import type { TableColumn } from "../../registry/strategy.js";
import { compareStrings } from "../shared/selector-format.js";

const ROLE_PREFIX = "node-role.kubernetes.io/";
const ROLE_LABEL = "kubernetes.io/role";

/** `Ready`, `NotReady` or `Unknown` (no Ready condition yet), then `SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions.find((condition) => condition.type === "Ready");
  const status = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

/** Roles from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length)
      roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === ROLE_LABEL && value !== "") roles.add(value);
  }
  return roles.size === 0 ? "<none>" : [...roles].sort(compareStrings).join(",");
}

function address(node: Node, type: string): string {
  return node.status?.addresses.find((entry) => entry.type === type)?.address || "<none>";
}

function unknown(value: string | undefined): string {
  return value ? value : "<unknown>";
}

/** Node columns: STATUS ROLES AGE VERSION, and with `-o wide` the addresses and the system info. */
export const nodeColumns: readonly TableColumn<Node>[] = [
  {
    name: "Status",
    type: "string",
    description: "Whether the node is ready and schedulable.",
    priority: 0,
    cell: nodeStatus,
  },
  { name: "Roles", type: "string", description: "The roles of the node.", priority: 0, cell: nodeRoles },
  ageColumn,
  {
    name: "Version",
    type: "string",
    description: "The version of the node agent.",
    priority: 0,
    cell: (node) => node.status?.nodeInfo?.kubeletVersion ?? "",
  },
  {
    name: "Internal-IP",
    type: "string",
    description: "The node's internal IP.",
    priority: 1,
    cell: (node) => address(node, "InternalIP"),
  },
  {
    name: "External-IP",
    type: "string",
    description: "The node's external IP.",
    priority: 1,
    cell: (node) => address(node, "ExternalIP"),
  },
  {
    name: "OS-Image",
    type: "string",
    description: "The operating system image of the node.",
    priority: 1,
    cell: (node) => unknown(node.status?.nodeInfo?.osImage),
  },
  {
    name: "Kernel-Version",
    type: "string",
    description: "The kernel version of the node.",
    priority: 1,
    cell: (node) => unknown(node.status?.nodeInfo?.kernelVersion),
  },
  {
    name: "Container-Runtime",
    type: "string",
    description: "The container runtime of the node and its version.",
    priority: 1,
    cell: (node) => unknown(node.status?.nodeInfo?.containerRuntimeVersion),
  },
];
