import {
  createWorkQueue,
  type Informer,
  type KubeObject,
  type Reconciler,
  runWorkers,
  type WorkQueue,
} from "@capstan/client";
import type { ControllerContext } from "./context.js";
import type { Controller } from "./controller.js";

export interface ReconcileControllerOptions {
  readonly name: string;
  readonly context: ControllerContext;
  /** The queue the informer handlers add keys to (make it with `createWorkQueue({ clock: context.clock })`). */
  readonly queue: WorkQueue;
  /** Informers whose caches must be synced before the first reconcile. */
  readonly informers: readonly Informer<KubeObject>[];
  readonly reconcile: Reconciler;
}

/**
 * The usual controller: wait for the caches, then run `context.workers(name)` reconcile workers on the
 * queue until the signal aborts (controller-runtime's machinery from @capstan/client's runWorkers).
 */
export function createReconcileController(options: ReconcileControllerOptions): Controller {
  const { name, context, queue, informers, reconcile } = options;
  if (typeof name !== "string" || name === "" || typeof reconcile !== "function" || !queue) {
    throw new TypeError("createReconcileController: name, queue and reconcile are required");
  }
  const logger = context.logger.child({ controller: name });
  return {
    name,
    async run(signal) {
      try {
        await Promise.all(informers.map((informer) => informer.waitForSync(signal)));
      } catch (error) {
        await queue.shutDown();
        if (signal.aborted) return;
        throw error;
      }
      logger.info("caches synced; starting workers");
      await runWorkers(queue, context.workers(name), reconcile, signal, { name, logger: context.logger });
    },
  };
}

/** A work queue on the context's clock with the default controller rate limiter. */
export function createControllerQueue(context: ControllerContext): WorkQueue {
  return createWorkQueue({ clock: context.clock });
}
