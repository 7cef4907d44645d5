import { type Pod, PodService } from "@capstan/api";
import {
  createGrpcClient,
  createGrpcSource,
  createInformer,
  createWorkQueue,
  type EventRecorder,
  type GrpcTransport,
  type Informer,
  keyOf,
  runWorkers,
} from "@capstan/client";
import { abortableDelay, type Logger, type Runnable } from "@capstan/runtime";
import type { DockerRuntime } from "../runtime/index.js";
import { CrashBackoff } from "./crash-backoff.js";
import { ImagePuller } from "./image-puller.js";
import type { NodeSettings } from "./pod-config.js";
import type { PodSyncContext } from "./pod-context.js";
import { podEventsFrom } from "./pod-events.js";
import { literalHooks, type PodHooks } from "./pod-hooks.js";
import { createPodReconciler, type PodWriter, tolerateGone } from "./pod-reconciler.js";
import { type ProbeStarter, ProbeStates } from "./probe-states.js";

export interface PodManagerOptions {
  readonly transport: GrpcTransport;
  readonly runtime: DockerRuntime;
  readonly settings: NodeSettings;
  /** The node's address: every pod's hostIP, and the podIP of host-network pods. */
  readonly hostIP: string;
  /**
   * Makes the sandbox image present and names it; retried (with back-off, while Docker is unreachable, say)
   * until it succeeds, before any pod is synced.
   */
  readonly sandboxImage: () => Promise<string>;
  readonly recorder: EventRecorder;
  readonly logger: Logger;
  readonly hooks?: PodHooks;
  /** Runs probes; without it, containers with probes never become started/ready. */
  readonly startProbe?: ProbeStarter;
  /** CrashLoopBackOff delays; Kubernetes' 10 s doubling to 300 s by default. */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Pods synced at once. Default 16. */
  readonly workers?: number;
  /** How often every pod and container is looked at even without events. Default 10 s. */
  readonly relistIntervalMs?: number;
}

/** The pod side of the kubelet: runs the pods bound to this node on Docker and reports their status. */
export interface PodManager extends Runnable {
  readonly pods: Informer<Pod>;
}

const noProbes: ProbeStarter = () => undefined;

/**
 * Creates the pod manager: an informer on the pods bound to this node, Docker's event stream and a periodic
 * relist feed one work queue keyed `namespace/name`, whose workers run the level-triggered pod sync.
 */
export function createPodManager(options: PodManagerOptions): PodManager {
  const node = options.settings.nodeName;
  const logger = options.logger.child({ node });
  const client = createGrpcClient(PodService, options.transport);
  const pods = createInformer<Pod>({
    source: createGrpcSource(client, {
      fieldSelector: `spec.nodeName=${node}`,
      description: `pods on ${node}`,
    }),
    logger,
  });
  const queue = createWorkQueue();
  const podKeys = new Map<string, string>();
  const events = podEventsFrom(options.recorder);
  const probes = new ProbeStates(options.startProbe ?? noProbes, (uid) => {
    const key = podKeys.get(uid);
    if (key) queue.add(key);
  });
  const newBackoff = () =>
    new CrashBackoff(options.backoffInitialMs ?? 10_000, options.backoffMaxMs ?? 300_000);
  const contextWith = (sandboxImage: string): PodSyncContext => ({
    runtime: options.runtime,
    settings: options.settings,
    hostIP: options.hostIP,
    sandboxImage,
    images: new ImagePuller(options.runtime, newBackoff(), events),
    crashBackoff: newBackoff(),
    events,
    hooks: options.hooks ?? literalHooks,
    probes,
    now: Date.now,
  });
  pods.addHandler((change) => {
    const pod = change.object;
    const key = keyOf(pod);
    if (pod.metadata?.uid) podKeys.set(pod.metadata.uid, key);
    queue.add(key);
  });
  const writer: PodWriter = {
    async updateStatus(pod) {
      await client.updateStatus(pod).catch(tolerateGone);
    },
    async deleteNow(namespace, name, uid) {
      await client
        .delete({ namespace, name, options: { gracePeriodSeconds: 0n, preconditions: { uid } } })
        .catch(tolerateGone);
    },
  };

  /** The sandbox image, retried with back-off: Docker may come up after the kubelet. */
  const prepare = async (signal: AbortSignal): Promise<string | undefined> => {
    let delayMs = 1_000;
    while (!signal.aborted) {
      try {
        return await options.sandboxImage();
      } catch (error) {
        logger.warn({ err: error }, "cannot prepare the sandbox image; pods wait");
        await abortableDelay(delayMs, signal).catch(() => undefined);
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
    return undefined;
  };

  /** Every pod with containers on this node, so orphans are found and cleaned even without an event. */
  const relist = async () => {
    for (const record of await options.runtime.listContainers(node)) {
      queue.add(`${record.identity.podNamespace}/${record.identity.podName}`);
    }
    for (const pod of pods.lister.list()) queue.add(keyOf(pod));
  };

  const watchDocker = async (signal: AbortSignal) => {
    const relistEvery = options.relistIntervalMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const scheduleRelist = () => {
      timer = setTimeout(() => {
        relist()
          .catch((error: unknown) => logger.warn({ err: error }, "relist failed"))
          .finally(() => signal.aborted || scheduleRelist());
      }, relistEvery);
    };
    scheduleRelist();
    let delayMs = 500;
    try {
      while (!signal.aborted) {
        try {
          await relist();
          for await (const event of options.runtime.events(node, signal)) {
            delayMs = 500;
            queue.add(`${event.identity.podNamespace}/${event.identity.podName}`);
          }
        } catch (error) {
          if (signal.aborted) break;
          logger.warn({ err: error }, "Docker event stream failed; relisting");
          await abortableDelay(delayMs, signal).catch(() => undefined);
          delayMs = Math.min(delayMs * 2, 30_000);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: "pod-manager",
    pods,
    async start(signal) {
      const informer = pods.start(signal);
      try {
        await pods.waitForSync(signal);
      } catch {
        await informer;
        return;
      }
      const sandboxImage = await prepare(signal);
      if (sandboxImage === undefined) {
        await informer;
        return;
      }
      const reconcile = createPodReconciler(contextWith(sandboxImage), pods.lister, writer);
      await Promise.all([
        informer,
        watchDocker(signal),
        runWorkers(queue, options.workers ?? 16, reconcile, signal, { name: "pod-worker", logger }),
      ]);
      probes.stopAll();
    },
  };
}
