import { type Node, NodeService, type Pod, PodService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, createGrpcSource, createInformer, type GrpcTransport } from "@capstan/client";
import type { Logger, Runnable } from "@capstan/runtime";
import type { CycleState } from "../framework/cycle-state.js";
import { FitError } from "../framework/fit-error.js";
import type { Framework } from "../framework/framework.js";
import {
  createProfileFramework,
  defaultSchedulerProfile,
  type SchedulerProfile,
} from "../profile/profile.js";
import { type ApiWriter, createApiWriter } from "./api-writer.js";
import { type ClusterEventTargets, onNodeChange, onPodChange } from "./cluster-events.js";
import { DEFAULT_SCHEDULER_NAME, isPendingFor } from "./pending.js";
import { podKey, SchedulerCache } from "./scheduler-cache.js";
import { type QueueOrder, SchedulingQueue } from "./scheduling-queue.js";

export interface SchedulerOptions {
  /** gRPC transport to the apiserver (informers on pods and nodes). */
  readonly transport: GrpcTransport;
  /** REST base URL of the apiserver (bindings, status, events). */
  readonly restUrl: string;
  readonly logger: Logger;
  /** Pods whose spec.schedulerName is this one are ours; default the profile's, else `default-scheduler`. */
  readonly schedulerName?: string;
  /** The plugins and their settings (from {@link loadSchedulerProfile}); default {@link defaultSchedulerProfile}. */
  readonly profile?: SchedulerProfile;
  /** A ready-made framework instead of a profile; without bind plugins it binds through the REST binding. */
  readonly framework?: Framework;
  /** Retry delay for a pod that did not fit: doubles from initial to max. Defaults 1 s / 10 s as Kubernetes. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** Binds in flight at once; the scheduling cycle waits when this many are outstanding. */
const MAX_CONCURRENT_BINDS = 16;

/** Creates the scheduler: it runs informers on pods and nodes and places pending pods one at a time. */
export function createScheduler(options: SchedulerOptions): Runnable {
  if (typeof options?.restUrl !== "string" || !options.transport || !options.logger) {
    throw ApiError.badRequest("createScheduler: transport, restUrl and logger are required");
  }
  const schedulerName = options.schedulerName ?? options.profile?.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const logger = options.logger.child({ scheduler: schedulerName });
  const writer = createApiWriter(options.restUrl, schedulerName);
  const framework =
    options.framework ??
    createProfileFramework(options.profile ?? defaultSchedulerProfile(schedulerName), { binder: writer });
  const pods = createInformer<Pod>({
    source: createGrpcSource(createGrpcClient(PodService, options.transport), { description: "pods" }),
    logger,
  });
  const nodes = createInformer<Node>({
    source: createGrpcSource(createGrpcClient(NodeService, options.transport), { description: "nodes" }),
    logger,
  });
  const cache = new SchedulerCache();
  /** Pods that fit nowhere last time: a change in the cluster may make them fit. */
  const unschedulable = new Set<string>();
  const queue = new SchedulingQueue({
    orderOf: (key) => queueOrder(pods.lister.get(key)),
    initialBackoffMs: options.initialBackoffMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 10_000,
  });
  const events: ClusterEventTargets = { cache, queue, unschedulable, schedulerName };
  pods.addHandler((change) => onPodChange(change, events));
  nodes.addHandler((change) => onNodeChange(change, events));

  // Events are best effort, as in Kubernetes: a lost event must not undo or repeat a placement.
  const recordEvent = async (pod: Pod, type: "Normal" | "Warning", reason: string, message: string) => {
    try {
      await writer.recordEvent(pod, type, reason, message);
    } catch (error) {
      logger.warn({ pod: podKey(pod), reason, err: error }, "could not record event");
    }
  };

  const scheduleOne = async (key: string) => {
    // Already placed and binding: the informer may still show the unbound copy.
    if (cache.isAssumed(key)) return;
    const pod = pods.lister.get(key);
    if (!pod || !isPendingFor(pod, schedulerName)) {
      unschedulable.delete(key);
      queue.forget(key);
      return;
    }
    let nodeName: string;
    let state: CycleState;
    try {
      ({ nodeName, state } = framework.schedule(pod, cache.snapshot()));
    } catch (error) {
      if (!(error instanceof FitError)) throw error;
      unschedulable.add(key);
      logger.info({ pod: key, reason: error.message }, "pod is unschedulable");
      // A failed status write throws to the loop, which backs the pod off instead.
      await markUnschedulable(writer, pod, error.message);
      await recordEvent(pod, "Warning", "FailedScheduling", error.message);
      queue.addRateLimited(key);
      return;
    }
    // Reserve: the cache assumes the placement, then the Reserve plugins run; a failure undoes both.
    cache.assume(pod, nodeName);
    try {
      framework.reserve(pod, nodeName, state);
    } catch (error) {
      cache.removePod(key);
      throw error;
    }
    startBinding(bindPod(pod, nodeName, state));
  };

  /** The binding cycle: runs while the next pod is scheduled against the assumed placement. */
  const bindPod = async (pod: Pod, nodeName: string, state: CycleState) => {
    const key = podKey(pod);
    try {
      if (!(await framework.bind(pod, nodeName, state))) await writer.bind(pod, nodeName);
    } catch (error) {
      framework.unreserve(pod, nodeName, state);
      cache.removePod(key);
      if (!queue.shuttingDown) {
        logger.warn({ pod: key, node: nodeName, err: error }, "binding failed; retrying");
        queue.addRateLimited(key);
      }
      return;
    }
    unschedulable.delete(key);
    queue.forget(key);
    logger.debug({ pod: key, node: nodeName }, "bound pod");
    await recordEvent(pod, "Normal", "Scheduled", `Successfully assigned ${key} to ${nodeName}`);
  };

  const bindings = new Set<Promise<void>>();
  const startBinding = (binding: Promise<void>) => {
    bindings.add(binding);
    void binding.finally(() => bindings.delete(binding));
  };

  return {
    name: "scheduler",
    async start(signal) {
      // An informer that fails (rather than stops) stops the scheduler, which then rejects with its error.
      let failure: unknown;
      const informers = [pods.start(signal), nodes.start(signal)].map((running) =>
        running.catch((error: unknown) => {
          failure ??= error;
          queue.shutDown();
        }),
      );
      const stopQueue = () => queue.shutDown();
      signal.addEventListener("abort", stopQueue, { once: true });
      try {
        await Promise.all([pods.waitForSync(signal), nodes.waitForSync(signal)]).catch(() => undefined);
        for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
          try {
            // Bounded concurrency: wait for a bind to finish before starting one more.
            if (bindings.size >= MAX_CONCURRENT_BINDS) await Promise.race(bindings);
            await scheduleOne(key);
          } catch (error) {
            if (!signal.aborted) {
              logger.warn({ pod: key, err: error }, "scheduling failed; retrying");
              queue.addRateLimited(key);
            }
          } finally {
            queue.done(key);
          }
        }
      } finally {
        signal.removeEventListener("abort", stopQueue);
        queue.shutDown();
        await Promise.all(bindings);
        await Promise.all(informers);
      }
      if (failure !== undefined) throw failure;
    },
  };
}

/** A pod's place in line: its priority, then its creation time. */
function queueOrder(pod: Pod | undefined): QueueOrder {
  const created = pod?.metadata?.creationTimestamp;
  const createdMs = created ? Number(created.seconds) * 1000 + Math.floor(created.nanos / 1e6) : 0;
  return { priority: pod?.spec?.priority ?? 0, createdMs };
}

/** Writes the PodScheduled=False condition, unless the pod already says exactly this. */
async function markUnschedulable(writer: ApiWriter, pod: Pod, message: string): Promise<void> {
  const current = pod.status?.conditions.find((condition) => condition.type === "PodScheduled");
  if (current?.status !== "False" || current.reason !== "Unschedulable" || current.message !== message) {
    await writer.markUnschedulable(pod, message);
  }
}
