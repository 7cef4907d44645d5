import { setMaxListeners } from "node:events";
import type { GrpcTransport } from "@capstan/client";
import type { Logger } from "@capstan/runtime";
import { type ControllerEventRecorder, createControllerContext } from "./context.js";
import type { ControllerDescriptor } from "./controller.js";

export interface RunControllersOptions {
  readonly descriptors: readonly ControllerDescriptor[];
  readonly transport: GrpcTransport;
  readonly logger: Logger;
  /** Reconcile workers of each controller. */
  readonly workers: number;
  readonly createEventRecorder?: (component: string) => ControllerEventRecorder;
  readonly signal: AbortSignal;
}

/**
 * One term of running the controllers: a fresh context (so a new leader starts from fresh caches), every
 * factory, then the shared informers and every controller until `signal` aborts. A controller that fails
 * stops the others and the failure is rethrown.
 */
export async function runControllers(options: RunControllersOptions): Promise<void> {
  const { signal, logger } = options;
  const context = createControllerContext({
    transport: options.transport,
    logger,
    workers: { default: options.workers },
    ...(options.createEventRecorder ? { createEventRecorder: options.createEventRecorder } : {}),
  });
  const controllers = options.descriptors.map((descriptor) => descriptor.create(context));
  const stop = new AbortController();
  // Every informer, watch, queue and sync wait of every controller listens on this one signal.
  setMaxListeners(256, stop.signal);
  const abort = () => stop.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  let failure: unknown;
  const fail = (name: string) => (error: unknown) => {
    if (stop.signal.aborted) return;
    logger.error({ err: error, controller: name }, "controller failed; stopping the controllers");
    failure ??= error;
    stop.abort(error);
  };
  try {
    await Promise.all([
      context.informers.start(stop.signal).catch(fail("informers")),
      ...controllers.map((controller) => controller.run(stop.signal).catch(fail(controller.name))),
    ]);
  } finally {
    signal.removeEventListener("abort", abort);
  }
  if (failure !== undefined) throw failure;
}
