import type { Pod } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import type { TableColumn } from "../../registry/strategy.js";
import { summarizePod } from "./print-status.js";

function none(value: string | undefined): string {
  return value ? value : "<none>";
}

/** `true/total` readiness gates, or `<none>` when the pod has none. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter(
    (gate) => conditions.find((condition) => condition.type === gate.conditionType)?.status === "True",
  ).length;
  return `${met}/${gates.length}`;
}

/** Pod columns: READY STATUS RESTARTS AGE, and with `-o wide` IP NODE NOMINATED NODE READINESS GATES. */
export const podColumns: readonly TableColumn<Pod>[] = [
  {
    name: "Ready",
    type: "string",
    description: "How many of the pod's containers are ready to serve, out of all of them.",
    priority: 0,
    cell: (pod, now) => summarizePod(pod, now).ready,
  },
  {
    name: "Status",
    type: "string",
    description: "The aggregate status of the pod's containers.",
    priority: 0,
    cell: (pod, now) => summarizePod(pod, now).status,
  },
  {
    name: "Restarts",
    type: "string",
    description: "How often the pod's containers restarted, and when one last did.",
    priority: 0,
    cell: (pod, now) => summarizePod(pod, now).restarts,
  },
  ageColumn,
  {
    name: "IP",
    type: "string",
    description: "The pod's IP address.",
    priority: 1,
    cell: (pod) => none(pod.status?.podIps[0]?.ip || pod.status?.podIp),
  },
  {
    name: "Node",
    type: "string",
    description: "The node the pod is bound to.",
    priority: 1,
    cell: (pod) => none(pod.spec?.nodeName),
  },
  {
    name: "Nominated Node",
    type: "string",
    description: "The node the scheduler means to place the pod on once preemption frees it.",
    priority: 1,
    cell: (pod) => none(pod.status?.nominatedNodeName),
  },
  {
    name: "Readiness Gates",
    type: "string",
    description: "How many of the pod's readiness gates are met.",
    priority: 1,
    cell: readinessGates,
  },
];
