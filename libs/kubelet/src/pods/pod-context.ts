import type { DockerRuntime } from "../runtime/index.js";
import type { CrashBackoff } from "./crash-backoff.js";
import type { ImagePuller } from "./image-puller.js";
import type { NodeSettings } from "./pod-config.js";
import type { PodEvents } from "./pod-events.js";
import type { PodHooks } from "./pod-hooks.js";
import type { ProbeStates } from "./probe-states.js";

/** Everything a pod sync works with; one per kubelet, shared by all pod workers. */
export interface PodSyncContext {
  readonly runtime: DockerRuntime;
  readonly settings: NodeSettings;
  readonly hostIP: string;
  readonly sandboxImage: string;
  readonly images: ImagePuller;
  readonly crashBackoff: CrashBackoff;
  readonly events: PodEvents;
  readonly hooks: PodHooks;
  readonly probes: ProbeStates;
  readonly now: () => number;
}

/** Why a container is not running, as its status shows it. */
export interface Waiting {
  readonly reason: string;
  readonly message: string;
}

/** What one sync of a pod found and did, for its status. */
export interface PodSyncOutcome {
  /** Per container name: why it waits (ContainerCreating, CrashLoopBackOff, ErrImagePull...). */
  readonly waiting: Map<string, Waiting>;
  /** Per container name: the imageID of what it runs. */
  readonly imageIds: Map<string, string>;
  podIP: string;
  /** Sync again after this long (a back-off ends); undefined when only a change needs a sync. */
  requeueAfterMs?: number;
  /** The pod may not run here: phase Failed with this message. */
  rejected?: string;
  /** Something was created, started or stopped: the status must be read again from Docker. */
  changed: boolean;
}

/** An empty outcome. */
export function newOutcome(): PodSyncOutcome {
  return { waiting: new Map(), imageIds: new Map(), podIP: "", changed: false };
}

/** Keeps the earliest requeue of an outcome. */
export function requeueWithin(outcome: PodSyncOutcome, delayMs: number): void {
  outcome.requeueAfterMs = Math.min(outcome.requeueAfterMs ?? Number.POSITIVE_INFINITY, Math.max(1, delayMs));
}
