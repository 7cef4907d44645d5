import { create } from "@bufbuild/protobuf";
import { type Timestamp, timestampNow } from "@bufbuild/protobuf/wkt";
import { type Pod, type PodStatus, PodStatusSchema } from "@capstan/api";

/** The conditions a running, ready pod has True. */
const RUNNING_CONDITIONS = ["PodScheduled", "Initialized", "ContainersReady", "Ready"] as const;

/** True when the pod already shows the Running status a hollow node writes (nothing left to do). */
export function isRunningOn(pod: Pod, hostIp: string): boolean {
  const status = pod.status;
  if (status?.phase !== "Running" || status.hostIp !== hostIp || !status.podIp) return false;
  const ready = new Set(status.conditions.filter((c) => c.status === "True").map((c) => c.type));
  return RUNNING_CONDITIONS.every((type) => ready.has(type));
}

/**
 * The status a kubelet reports once every container of the pod started and is ready: phase Running, the
 * four conditions True, the IPs, and a running, ready status per container (ids are fake: `hollow://`).
 */
export function runningStatus(pod: Pod, hostIp: string, podIp: string): PodStatus {
  const now = timestampNow();
  const previous = pod.status;
  const since = (type: string): Timestamp => {
    const condition = previous?.conditions.find((c) => c.type === type && c.status === "True");
    return condition?.lastTransitionTime ?? now;
  };
  const uid = pod.metadata?.uid ?? "";
  return create(PodStatusSchema, {
    phase: "Running",
    conditions: RUNNING_CONDITIONS.map((type) => ({ type, status: "True", lastTransitionTime: since(type) })),
    hostIp,
    hostIps: [{ ip: hostIp }],
    podIp,
    podIps: [{ ip: podIp }],
    startTime: previous?.startTime ?? now,
    qosClass: previous?.qosClass ?? "",
    containerStatuses: (pod.spec?.containers ?? []).map((container) => ({
      name: container.name,
      state: { running: { startedAt: now } },
      ready: true,
      started: true,
      restartCount: 0,
      image: container.image,
      imageId: `hollow://${container.image}`,
      containerId: `hollow://${uid}/${container.name}`,
    })),
  });
}
