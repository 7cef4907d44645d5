import type { Container, Pod } from "@capstan/api";

/**
 * What the pod sync asks of the env and volume modules. The kubelet component supplies the real ones; the
 * defaults below cover pods that need neither (literal env values, no volumes).
 */
export interface PodHooks {
  /** Docker's `NAME=value` list for a container; throws with reason CreateContainerConfigError. */
  containerEnv(pod: Pod, container: Container, podIP: string): Promise<string[]>;
  /** Makes the pod's volumes and returns each container's binds; throws with reason FailedMount. */
  prepareVolumes(pod: Pod): Promise<ReadonlyMap<string, readonly string[]>>;
  /** Removes what prepareVolumes made for the pod. */
  cleanupVolumes(podUid: string): Promise<void>;
}

/** Hooks for pods with literal env values and no volumes. */
export const literalHooks: PodHooks = {
  containerEnv: async (_pod, container) =>
    container.env
      .filter((variable) => !variable.valueFrom)
      .map((variable) => `${variable.name}=${variable.value}`),
  prepareVolumes: async () => new Map(),
  cleanupVolumes: async () => undefined,
};
