import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  type Container,
  type ContainerState,
  ContainerStateSchema,
  type ContainerStatus,
  ContainerStatusSchema,
} from "@capstan/api";
import type { Waiting } from "../pods/pod-context.js";
import { hasStopped, isRunning } from "../pods/pod-records.js";
import type { ContainerRecord } from "../runtime/index.js";

/** Probe verdicts of a running container. */
export interface Verdict {
  readonly started: boolean;
  readonly ready: boolean;
}

/** The status of one container from its newest instances, what the sync left waiting, and its probes. */
export function containerStatusOf(
  container: Container,
  instances: readonly ContainerRecord[],
  waiting: Waiting | undefined,
  imageId: string | undefined,
  verdict: (record: ContainerRecord) => Verdict,
): ContainerStatus {
  const [latest, previous] = instances;
  const running = latest !== undefined && isRunning(latest);
  // A container that waits to restart shows its last run as lastState, and the run before it otherwise.
  const restarting = latest !== undefined && hasStopped(latest) && waiting !== undefined;
  let state: ContainerState;
  let last: ContainerRecord | undefined = previous;
  if (waiting && !running) {
    state = create(ContainerStateSchema, { waiting: { reason: waiting.reason, message: waiting.message } });
    last = restarting ? latest : previous;
  } else if (latest && running) {
    state = create(ContainerStateSchema, {
      running: { startedAt: stamp(latest.startedAt ?? latest.createdAt) },
    });
  } else if (latest && hasStopped(latest)) {
    state = terminatedState(latest);
  } else {
    state = create(ContainerStateSchema, { waiting: { reason: "ContainerCreating" } });
  }
  const probes = running && latest ? verdict(latest) : { started: false, ready: false };
  return create(ContainerStatusSchema, {
    name: container.name,
    state,
    lastState: last && hasStopped(last) ? terminatedState(last) : create(ContainerStateSchema, {}),
    ready: running && probes.ready,
    started: running && probes.started,
    restartCount: latest?.identity.attempt ?? 0,
    image: container.image,
    imageId: imageId ?? (latest ? `docker://${latest.imageId}` : ""),
    containerId: latest ? `docker://${latest.id}` : "",
  });
}

/** A terminated state in Kubernetes' words: Completed for exit 0, OOMKilled, Error otherwise. */
function terminatedState(record: ContainerRecord): ContainerState {
  const reason = record.oomKilled
    ? "OOMKilled"
    : record.state === "created"
      ? "ContainerCannotRun"
      : record.exitCode === 0
        ? "Completed"
        : "Error";
  return create(ContainerStateSchema, {
    terminated: {
      exitCode: record.state === "created" ? 128 : record.exitCode,
      reason,
      message: record.error,
      ...(record.startedAt ? { startedAt: stamp(record.startedAt) } : {}),
      ...(record.finishedAt ? { finishedAt: stamp(record.finishedAt) } : {}),
      containerId: `docker://${record.id}`,
    },
  });
}

/** Kubernetes status times have whole seconds. */
function stamp(date: Date) {
  return timestampFromDate(new Date(Math.floor(date.getTime() / 1000) * 1000));
}
