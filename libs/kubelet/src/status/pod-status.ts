import { create, equals } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  type Pod,
  type PodCondition,
  PodConditionSchema,
  type PodStatus,
  PodStatusSchema,
} from "@capstan/api";
import type { PodSyncOutcome } from "../pods/pod-context.js";
import type { PodRecords } from "../pods/pod-records.js";
import type { ContainerRecord } from "../runtime/index.js";
import { containerStatusOf, type Verdict } from "./container-status.js";
import { podPhase } from "./pod-phase.js";

/** What the status of a pod is computed from. */
export interface PodStatusInput {
  readonly pod: Pod;
  readonly records: PodRecords;
  readonly outcome: PodSyncOutcome;
  readonly verdict: (record: ContainerRecord, containerName: string) => Verdict;
  readonly hostIP: string;
  readonly now: Date;
}

/**
 * The pod's status as the kubelet reports it: phase, conditions, IPs, start time and one status per init
 * and app container. Times that did not change (startTime, condition transitions) are kept from the current
 * status, so an unchanged pod gives an equal status and no write.
 */
export function computePodStatus(input: PodStatusInput): PodStatus {
  const { pod, records, outcome } = input;
  const old = pod.status;
  const spec = pod.spec;
  const statusOf = (container: NonNullable<typeof spec>["containers"][number]) =>
    containerStatusOf(
      container,
      records.byName.get(container.name) ?? [],
      outcome.waiting.get(container.name),
      outcome.imageIds.get(container.name),
      (record) => input.verdict(record, container.name),
    );
  const initStatuses = (spec?.initContainers ?? []).map(statusOf);
  const containerStatuses = (spec?.containers ?? []).map(statusOf);
  const initialized = initStatuses.every((status) => status.state?.terminated?.exitCode === 0);
  const phase = outcome.rejected ? "Failed" : podPhase(pod, initStatuses, containerStatuses, initialized);
  const containersReady =
    phase === "Running" &&
    containerStatuses.length > 0 &&
    containerStatuses.every((status) => status.ready === true);
  const conditions = [
    condition(old?.conditions, "PodScheduled", true, input.now),
    condition(
      old?.conditions,
      "Initialized",
      initialized,
      input.now,
      initialized ? "" : "ContainersNotInitialized",
    ),
    condition(
      old?.conditions,
      "ContainersReady",
      containersReady,
      input.now,
      containersReady ? "" : "ContainersNotReady",
    ),
    condition(
      old?.conditions,
      "Ready",
      containersReady,
      input.now,
      containersReady ? "" : "ContainersNotReady",
    ),
  ];
  const podIP = outcome.podIP || (records.sandbox ? (old?.podIp ?? "") : "");
  const terminal = old?.phase === "Succeeded" || old?.phase === "Failed";
  return create(PodStatusSchema, {
    // A pod never leaves Succeeded or Failed.
    phase: terminal ? old.phase : phase,
    conditions,
    ...(outcome.rejected ? { reason: "Forbidden", message: outcome.rejected } : {}),
    hostIp: input.hostIP,
    hostIps: [{ ip: input.hostIP }],
    podIp: podIP,
    podIps: podIP ? [{ ip: podIP }] : [],
    startTime: old?.startTime ?? timestampFromDate(new Date(Math.floor(input.now.getTime() / 1000) * 1000)),
    initContainerStatuses: initStatuses,
    containerStatuses,
    qosClass: old?.qosClass ?? "",
    observedGeneration: pod.metadata?.generation ?? 0n,
  });
}

/** True when `next` differs from the pod's current status (so it must be written). */
export function statusChanged(pod: Pod, next: PodStatus): boolean {
  return !pod.status || !equals(PodStatusSchema, pod.status, next);
}

function condition(
  previous: readonly PodCondition[] | undefined,
  type: string,
  value: boolean,
  now: Date,
  reason = "",
): PodCondition {
  const status = value ? "True" : "False";
  const old = previous?.find((candidate) => candidate.type === type);
  const transition =
    old?.status === status && old.lastTransitionTime
      ? old.lastTransitionTime
      : timestampFromDate(new Date(Math.floor(now.getTime() / 1000) * 1000));
  return create(PodConditionSchema, { type, status, reason, lastTransitionTime: transition });
}
