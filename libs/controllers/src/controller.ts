import type { ControllerContext } from "./context.js";

/**
 * One controller: a long-lived loop that keeps one kind of object converged. `run` resolves once the
 * controller has fully stopped after `signal` aborts, and rejects when it fails (an informer that cannot
 * list, say), which stops the controller-manager.
 */
export interface Controller {
  /** The registry name, as Kubernetes spells it (`replicaset`, `deployment`, `job`, ...). */
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Builds a controller from the shared context. Factories run before anything starts: ask the context for
 * informers and clients here (so they are shared and started once), register informer handlers here, and
 * do the work in `run`.
 */
export type ControllerFactory = (context: ControllerContext) => Controller;

/** A controller as the registry knows it. */
export interface ControllerDescriptor {
  /** Lower-case name used in `--controllers` (`replicaset`, `garbage-collector`). */
  readonly name: string;
  readonly create: ControllerFactory;
  /** Whether `*` includes it (Kubernetes keeps a few controllers off unless named). Default true. */
  readonly enabledByDefault?: boolean;
}
