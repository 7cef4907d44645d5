import { isAbsolute, join } from "node:path";
import type { Container, Pod } from "@capstan/api";
import { type ApiLookups, cachedLookups } from "../env/api-lookups.js";
import type { EnvContext } from "../env/field-ref.js";
import { resolveEnv } from "../env/resolve-env.js";
import type { PodHooks } from "../pods/pod-hooks.js";
import { cleanupVolumes, prepareVolumes } from "./prepare-volumes.js";
import { VolumeError } from "./volume-error.js";

export interface PodHooksOptions {
  /** The kubelet's root directory; each pod's volumes go under `<rootDir>/pods/<uid>`. Absolute. */
  readonly rootDir: string;
  readonly lookups: ApiLookups;
  readonly nodeName: string;
  /** The node's IP (status.hostIP for fieldRefs). */
  readonly hostIP: string;
  /** For resourceFieldRef of unset limits. */
  readonly nodeAllocatable?: EnvContext["nodeAllocatable"];
}

/** The pod sync's env and volume hooks, backed by resolveEnv and prepareVolumes/cleanupVolumes. */
export function createPodHooks(options: PodHooksOptions): PodHooks {
  if (!isAbsolute(options.rootDir))
    throw new VolumeError(`kubelet root dir ${JSON.stringify(options.rootDir)} must be absolute`);
  const podDir = (uid: string) => {
    if (!/^[A-Za-z0-9-]+$/.test(uid)) throw new VolumeError(`invalid pod uid ${JSON.stringify(uid)}`);
    return join(options.rootDir, "pods", uid);
  };
  return {
    containerEnv: (pod: Pod, container: Container, podIP: string) =>
      resolveEnv(
        pod,
        container,
        {
          nodeName: options.nodeName,
          hostIP: options.hostIP,
          podIP,
          nodeAllocatable: options.nodeAllocatable,
        },
        options.lookups,
      ),
    prepareVolumes: async (pod: Pod) =>
      prepareVolumes(pod, podDir(pod.metadata?.uid ?? ""), cachedLookups(options.lookups), {
        nodeAllocatable: options.nodeAllocatable,
      }),
    cleanupVolumes: async (podUid: string) => cleanupVolumes(podDir(podUid)),
  };
}
