import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Container, ContainerStateTerminated, ContainerStatus, Pod } from "@capstan/api";
import { formatAge } from "../../table/age.js";

/** The READY, STATUS and RESTARTS cells of a pod, as kubectl users read them. */
export interface PodSummary {
  /** `ready/total` containers, sidecars (restartable init containers) included. */
  readonly ready: string;
  /** The phase, or the most telling reason: `CrashLoopBackOff`, `Completed`, `Init:0/1`, `Terminating`... */
  readonly status: string;
  /** `3` or `3 (5m ago)` with the age of the last container exit. */
  readonly restarts: string;
}

/**
 * Summarises a pod the way Kubernetes' pod printer does: init containers first (the pod shows
 * `Init:<reason>` or `Init:<done>/<total>` until they finish), then the regular containers from last to
 * first, so the first container's reason wins; a deleting pod shows `Terminating`.
 */
export function summarizePod(pod: Pod, now: Date): PodSummary {
  const spec = pod.spec;
  const status = pod.status;
  const sidecars = new Set((spec?.initContainers ?? []).filter(isSidecar).map((container) => container.name));
  const total = (spec?.containers.length ?? 0) + sidecars.size;
  let reason = status?.reason || status?.phase || "";
  if (status?.conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated"))
    reason = "SchedulingGated";

  let ready = 0;
  const restarts = new RestartCounter();
  const sidecarRestarts = new RestartCounter();
  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (const [index, container] of initStatuses.entries()) {
    restarts.add(container);
    const sidecar = sidecars.has(container.name);
    if (sidecar) sidecarRestarts.add(container);
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && container.started) {
      if (container.ready) ready++;
      continue;
    }
    initializing = true;
    if (terminated) reason = `Init:${terminated.reason || exitDescription(terminated)}`;
    else if (waiting && waiting.reason !== "" && waiting.reason !== "PodInitializing")
      reason = `Init:${waiting.reason}`;
    else reason = `Init:${index}/${spec?.initContainers.length ?? 0}`;
    break;
  }

  let counted = restarts;
  if (!initializing || hasCondition(pod, "Initialized")) {
    counted = sidecarRestarts;
    let running = false;
    const statuses = status?.containerStatuses ?? [];
    for (let index = statuses.length - 1; index >= 0; index--) {
      const container = statuses[index];
      if (!container) continue;
      counted.add(container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason !== "") reason = waiting.reason;
      else if (terminated) reason = terminated.reason || exitDescription(terminated);
      else if (container.ready && container.state?.running) {
        running = true;
        ready++;
      }
    }
    // A pod whose containers completed but one still runs (a sidecar) is not done.
    if (reason === "Completed" && running) reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata?.deletionTimestamp) {
    if (status?.reason === "NodeLost") reason = "Unknown";
    else if (status?.phase !== "Succeeded" && status?.phase !== "Failed") reason = "Terminating";
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: counted.format(now) };
}

function isSidecar(container: Container): boolean {
  return container.restartPolicy === "Always";
}

function exitDescription(terminated: ContainerStateTerminated): string {
  return terminated.signal !== 0 ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
}

function hasCondition(pod: Pod, type: string): boolean {
  return (
    pod.status?.conditions.some((condition) => condition.type === type && condition.status === "True") ??
    false
  );
}

/** Sums restart counts and remembers when a container last exited. */
class RestartCounter {
  private count = 0;
  private last: Timestamp | undefined;

  add(container: ContainerStatus): void {
    this.count += container.restartCount ?? 0;
    const finishedAt = container.lastState?.terminated?.finishedAt;
    if (finishedAt && (this.last === undefined || compareTimestamps(finishedAt, this.last) > 0))
      this.last = finishedAt;
  }

  format(now: Date): string {
    return this.count !== 0 && this.last
      ? `${this.count} (${formatAge(this.last, now)} ago)`
      : `${this.count}`;
  }
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.seconds === b.seconds ? a.nanos - b.nanos : a.seconds > b.seconds ? 1 : -1;
}
