import type { DescService } from "@bufbuild/protobuf";
import {
  type Clock,
  createGrpcClient,
  type GrpcClient,
  type GrpcTransport,
  systemClock,
} from "@capstan/client";
import type { Logger } from "@capstan/runtime";
import { createSharedInformers, type SharedInformers } from "./context-informers.js";

/** An object events can be about: any resource message with metadata (Pod, ReplicaSet, ...). */
export interface EventObject {
  readonly $typeName: string;
  readonly metadata?: { readonly name: string; readonly namespace: string; readonly uid: string } | undefined;
}

/**
 * Records Kubernetes Events (the shape of @capstan/client's EventRecorder): best effort, returns at once,
 * never throws.
 */
export interface ControllerEventRecorder {
  event(object: EventObject, type: "Normal" | "Warning", reason: string, message: string): void;
}

/** Everything a controller factory may use; one instance is shared by all controllers of a manager. */
export interface ControllerContext {
  /** The gRPC connection to the apiserver. */
  readonly transport: GrpcTransport;
  /** Shared informers by resource: ask in the factory, they are started once for all controllers. */
  readonly informers: SharedInformers;
  /** A typed gRPC client for a resource service, shared per service. */
  client<S extends DescService>(service: S): GrpcClient<S>;
  /** The recorder for events from `component` (`replicaset-controller`, `deployment-controller`, ...). */
  eventRecorder(component: string): ControllerEventRecorder;
  /** The manager's logger; a controller adds its own `controller` key. */
  readonly logger: Logger;
  /** Time for conditions, deadlines and requeues (a fake in unit tests). */
  readonly clock: Clock;
  /** Reconcile workers for the named controller (its configured count, else the default, else 1). */
  workers(controller: string): number;
}

export interface ControllerContextOptions {
  readonly transport: GrpcTransport;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Workers per controller name; `default` applies to the others. Defaults to 5 for each controller. */
  readonly workers?: Readonly<Record<string, number>>;
  /** Makes the event recorder of a component; defaults to one that only logs at debug level. */
  readonly createEventRecorder?: (component: string) => ControllerEventRecorder;
}

const DEFAULT_WORKERS = 5;

/** Creates the shared context. Start `context.informers` after every factory has run. */
export function createControllerContext(options: ControllerContextOptions): ControllerContext {
  if (!options?.transport || !options.logger) {
    throw new TypeError("createControllerContext: transport and logger are required");
  }
  const { transport, logger } = options;
  for (const [name, count] of Object.entries(options.workers ?? {})) {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`workers for ${name} must be an integer >= 1, got ${String(count)}`);
    }
  }
  const clients = new Map<string, unknown>();
  const recorders = new Map<string, ControllerEventRecorder>();
  const makeRecorder = options.createEventRecorder ?? ((component) => loggingRecorder(logger, component));
  return {
    transport,
    logger,
    clock: options.clock ?? systemClock,
    informers: createSharedInformers(transport, logger),
    client<S extends DescService>(service: S): GrpcClient<S> {
      let client = clients.get(service.typeName);
      if (!client) {
        client = createGrpcClient(service, transport);
        clients.set(service.typeName, client);
      }
      return client as GrpcClient<S>;
    },
    eventRecorder(component) {
      let recorder = recorders.get(component);
      if (!recorder) {
        recorder = makeRecorder(component);
        recorders.set(component, recorder);
      }
      return recorder;
    },
    workers: (controller) => options.workers?.[controller] ?? options.workers?.default ?? DEFAULT_WORKERS,
  };
}

function loggingRecorder(logger: Logger, component: string): ControllerEventRecorder {
  return {
    event(object, type, reason, message) {
      const meta = object.metadata;
      logger.debug({ component, object: `${meta?.namespace}/${meta?.name}`, type, reason }, message);
    },
  };
}
