import { create, equals } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type Pod,
  type ReplicaSet,
  type ReplicaSetCondition,
  ReplicaSetConditionSchema,
  type ReplicaSetStatus,
  ReplicaSetStatusSchema,
} from "@capstan/api";
import { isPodAvailable, isPodReady } from "../shared/pod-state.js";

/** What went wrong while creating or deleting pods this sync, for the ReplicaFailure condition. */
export interface ManageFailure {
  readonly reason: "FailedCreate" | "FailedDelete";
  readonly message: string;
}

/**
 * The status a ReplicaSet should show for its active `pods`: counts (ready, available after
 * minReadySeconds, fully labeled), the generation seen, and ReplicaFailure while creates or deletes fail.
 */
export function calculateStatus(
  replicaSet: ReplicaSet,
  pods: readonly Pod[],
  failure: ManageFailure | undefined,
  nowMs: number,
): ReplicaSetStatus {
  const templateLabels = Object.entries(replicaSet.spec?.template?.metadata?.labels ?? {});
  const minReadySeconds = replicaSet.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    if (templateLabels.every(([key, value]) => labels[key] === value)) fullyLabeled++;
    if (isPodReady(pod)) ready++;
    if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
  }
  const previous = replicaSet.status?.conditions ?? [];
  const others = previous.filter((condition) => condition.type !== "ReplicaFailure");
  const existingFailure = previous.find((condition) => condition.type === "ReplicaFailure");
  const conditions: ReplicaSetCondition[] = [...others];
  if (failure) {
    const same = existingFailure?.reason === failure.reason && existingFailure.message === failure.message;
    conditions.push(
      same
        ? existingFailure
        : create(ReplicaSetConditionSchema, {
            type: "ReplicaFailure",
            status: "True",
            reason: failure.reason,
            message: failure.message,
            lastTransitionTime: existingFailure?.lastTransitionTime ?? timestampFromMs(nowMs),
          }),
    );
  }
  return create(ReplicaSetStatusSchema, {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: replicaSet.metadata?.generation ?? 0n,
    conditions,
  });
}

/** True when writing `next` would change nothing. */
export function sameStatus(current: ReplicaSetStatus | undefined, next: ReplicaSetStatus): boolean {
  return current !== undefined && equals(ReplicaSetStatusSchema, current, next);
}
