import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { LeaseService } from "@capstan/api";
import {
  createEventRecorder,
  createGrpcClient,
  createGrpcTransport,
  type GrpcTransport,
} from "@capstan/client";
import { createLeaderElector, grpcLeases } from "@capstan/leader-election";
import {
  type ConfigValues,
  createMetricsRegistry,
  createObservabilityServer,
  Gauge,
  type Logger,
  type Runnable,
  runTogether,
} from "@capstan/runtime";
import type { ControllerDescriptor } from "./controller.js";
import { configuredDescriptors } from "./controller-descriptors.js";
import type { controllerManagerConfig } from "./controller-manager-config.js";
import { runControllers } from "./controller-manager-run.js";
import { createControllerRegistry } from "./controller-registry.js";

/** The controller-manager's settings as loaded from flags and environment. */
export type ControllerManagerConfig = ConfigValues<typeof controllerManagerConfig>;

/** The controller-manager as a runnable, with what tests and `capstan up` need to observe it. */
export interface ControllerManagerComponent extends Runnable {
  /** Resolves with the health/metrics port once it listens. */
  healthPort(): Promise<number>;
  /** True while this instance runs the controllers (always, once started, without leader election). */
  isLeading(): boolean;
  /** This instance's identity in the leader Lease. */
  readonly identity: string;
}

export interface ControllerManagerExtras {
  /** The controllers to choose from; default every registered controller, with its settings from `config`. */
  readonly descriptors?: readonly ControllerDescriptor[];
  /** The leader-election identity; default `<hostname>_<uuid>` as Kubernetes. */
  readonly identity?: string;
}

/**
 * Creates the controller-manager: a health/metrics server, and the selected controllers over one gRPC
 * connection, run only while this instance holds the leader Lease (unless leader election is off). Losing
 * the Lease stops every controller at once; the instance then stands by again with fresh caches.
 * Throws a ConfigError for an unknown controller name.
 */
export function createControllerManagerComponent(
  config: ControllerManagerConfig,
  logger: Logger,
  extras: ControllerManagerExtras = {},
): ControllerManagerComponent {
  const selected = createControllerRegistry(extras.descriptors ?? configuredDescriptors(config)).select(
    config.controllers,
  );
  const identity = extras.identity ?? `${hostname()}_${randomUUID()}`;
  const log = logger.child({ identity });
  const registry = createMetricsRegistry({ component: "controller-manager" });
  const leaderGauge = new Gauge({
    name: "capstan_controller_manager_leader",
    help: "1 while this instance runs the controllers",
    registers: [registry],
  });
  let leading = false;
  const observability = createObservabilityServer({
    host: config.healthHost,
    port: config.healthPort,
    registry,
    logger: log,
  });

  const lead = async (transport: GrpcTransport, signal: AbortSignal) => {
    leading = true;
    leaderGauge.set(1);
    try {
      await runControllers({
        descriptors: selected,
        transport,
        logger: log,
        workers: config.concurrentSyncs,
        createEventRecorder: (component) => createEventRecorder({ transport, component, logger: log }),
        signal,
      });
    } finally {
      leading = false;
      leaderGauge.set(0);
    }
  };

  return {
    name: "controller-manager",
    identity,
    healthPort: () => observability.listening(),
    isLeading: () => leading,
    async start(signal) {
      const transport = createGrpcTransport({ address: config.apiserverGrpc });
      log.info({ controllers: selected.map((descriptor) => descriptor.name) }, "starting controllers");
      const work: Runnable = config.leaderElect
        ? createLeaderElector({
            lease: { namespace: config.leaderElectResourceNamespace, name: config.leaderElectResourceName },
            identity,
            leases: grpcLeases(createGrpcClient(LeaseService, transport)),
            leaseDurationMs: config.leaderElectLeaseDuration,
            renewDeadlineMs: config.leaderElectRenewDeadline,
            retryPeriodMs: config.leaderElectRetryPeriod,
            logger: log,
            onStartedLeading: (leaderSignal) => lead(transport, leaderSignal),
          })
        : { name: "controllers", start: (runSignal) => lead(transport, runSignal) };
      try {
        await runTogether("controller-manager", [observability, work]).start(signal);
      } finally {
        transport.close();
      }
    },
  };
}
