import type { ContainerStatus, Pod } from "@capstan/api";

/**
 * Kubernetes' getPhase: Pending until initialized and every container has run; Running while any runs (or
 * would be restarted); Succeeded/Failed once all have stopped for good, by their exit codes.
 */
export function podPhase(
  pod: Pod,
  initStatuses: readonly ContainerStatus[],
  containerStatuses: readonly ContainerStatus[],
  initialized: boolean,
): string {
  const policy = pod.spec?.restartPolicy || "Always";
  const initFailed = initStatuses.some((status) => {
    const code = status.state?.terminated?.exitCode ?? status.lastState?.terminated?.exitCode;
    return code !== undefined && code !== 0;
  });
  if (!initialized) return policy === "Never" && initFailed ? "Failed" : "Pending";
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of containerStatuses) {
    if (status.state?.running) running++;
    else if (status.state?.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.state?.waiting) {
      // A container waiting to restart has run before: it counts as stopped, not as never started.
      if (status.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped === 0) return "Pending";
  if (policy === "Always") return "Running";
  if (stopped === succeeded) return "Succeeded";
  return policy === "OnFailure" ? "Running" : "Failed";
}
