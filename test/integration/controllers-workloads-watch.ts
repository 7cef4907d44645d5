import { type Pod, PodService } from "@capstan/api";
import { createGrpcClient, createGrpcSource, createInformer, type GrpcTransport } from "@capstan/client";
import { silentLogger } from "./support/logger.js";

/** What the watcher saw at its worst moment. */
export interface RolloutExtremes {
  /** Most non-terminating pods seen at once. */
  readonly maxPods: number;
  /** Fewest ready, non-terminating pods seen at once (after the first time all were ready). */
  readonly minAvailable: number;
  /** Most pods of two different templates (pod-template-hash) seen at once. */
  readonly maxTemplates: number;
}

/** Watches one label selector's pods through an informer and records the extremes after every change. */
export interface RolloutWatcher {
  extremes(): RolloutExtremes;
  stop(): Promise<void>;
}

/** Starts a watcher and resolves once its cache is synced. */
export async function watchRollout(transport: GrpcTransport, labelSelector: string): Promise<RolloutWatcher> {
  const informer = createInformer<Pod>({
    source: createGrpcSource(createGrpcClient(PodService, transport), {
      labelSelector,
      description: "watch",
    }),
    logger: silentLogger,
  });
  let maxPods = 0;
  let minAvailable = Number.POSITIVE_INFINITY;
  let maxTemplates = 0;
  informer.addHandler(() => {
    const live = informer.lister.list().filter((pod) => pod.metadata?.deletionTimestamp === undefined);
    const ready = live.filter((pod) =>
      pod.status?.conditions.some((condition) => condition.type === "Ready" && condition.status === "True"),
    );
    const templates = new Set(informer.lister.list().map((pod) => pod.metadata?.labels["pod-template-hash"]));
    maxPods = Math.max(maxPods, live.length);
    minAvailable = Math.min(minAvailable, ready.length);
    maxTemplates = Math.max(maxTemplates, templates.size);
  });
  const stopping = new AbortController();
  const running = informer.start(stopping.signal);
  await informer.waitForSync();
  return {
    extremes: () => ({ maxPods, minAvailable, maxTemplates }),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
