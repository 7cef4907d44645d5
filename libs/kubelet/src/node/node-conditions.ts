import { create } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { type NodeCondition, NodeConditionSchema } from "@capstan/api";
import type { NodePressure } from "./node-pressure.js";

/** Whether the container runtime answered, and if not, what the operator must do. */
export type RuntimeHealth = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Ready's reason when the Docker Engine does not answer. */
export const RUNTIME_UNREACHABLE_REASON = "ContainerRuntimeUnreachable";

export interface ConditionState {
  readonly type: string;
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

/** The kubelet's own reasons and messages (pkg/kubelet/nodestatus), so `kubectl describe node` reads the same. */
const PRESSURE_CONDITIONS = [
  {
    type: "MemoryPressure",
    key: "memory",
    yes: ["KubeletHasInsufficientMemory", "kubelet has insufficient memory available"],
    no: ["KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  },
  {
    type: "DiskPressure",
    key: "disk",
    yes: ["KubeletHasDiskPressure", "kubelet has disk pressure"],
    no: ["KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  },
  {
    type: "PIDPressure",
    key: "pid",
    yes: ["KubeletHasInsufficientPID", "kubelet has insufficient PID available"],
    no: ["KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  },
] as const;

/** The four conditions a kubelet owns, in Kubernetes' order, before timestamps are applied. */
export function conditionStates(runtime: RuntimeHealth, pressures: NodePressure): ConditionState[] {
  const ready: ConditionState = runtime.ok
    ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }
    : { type: "Ready", status: "False", reason: RUNTIME_UNREACHABLE_REASON, message: runtime.message };
  const pressureStates = PRESSURE_CONDITIONS.map(({ type, key, yes, no }): ConditionState => {
    const [reason, message] = pressures[key] ? yes : no;
    return { type, status: pressures[key] ? "True" : "False", reason, message };
  });
  return [...pressureStates, ready];
}

/**
 * The node's conditions at `now`: lastHeartbeatTime is now; lastTransitionTime is kept from `previous` while
 * the status is unchanged and is now when it flips (or is new). Conditions others own (e.g. NetworkUnavailable)
 * are kept as they are.
 */
export function nodeConditions(
  states: readonly ConditionState[],
  previous: readonly NodeCondition[],
  now: Timestamp,
): NodeCondition[] {
  const owned = new Set(states.map((state) => state.type));
  const kept = previous.filter((condition) => !owned.has(condition.type));
  const mine = states.map((state) => {
    const before = previous.find((condition) => condition.type === state.type);
    return create(NodeConditionSchema, {
      ...state,
      lastHeartbeatTime: now,
      lastTransitionTime: before && before.status === state.status ? before.lastTransitionTime : now,
    });
  });
  return [...kept, ...mine];
}
