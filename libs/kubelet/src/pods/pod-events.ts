import type { Pod } from "@capstan/api";
import type { EventRecorder } from "@capstan/client";

/** The kubelet's Events about pods: Normal for progress, Warning for what a user should look at. */
export interface PodEvents {
  normal(pod: Pod, reason: string, message: string, containerName?: string): void;
  warning(pod: Pod, reason: string, message: string, containerName?: string): void;
}

/** PodEvents over the shared recorder; a container's events carry its field path, as kubectl describe shows. */
export function podEventsFrom(recorder: EventRecorder): PodEvents {
  const fieldPath = (pod: Pod, name: string | undefined) => {
    if (!name) return undefined;
    const init = pod.spec?.initContainers.some((container) => container.name === name);
    return `spec.${init ? "initContainers" : "containers"}{${name}}`;
  };
  return {
    normal: (pod, reason, message, name) =>
      recorder.event(pod, "Normal", reason, message, fieldPath(pod, name)),
    warning: (pod, reason, message, name) =>
      recorder.event(pod, "Warning", reason, message, fieldPath(pod, name)),
  };
}
