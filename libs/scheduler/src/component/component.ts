import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { LeaseService, NodeService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, createGrpcTransport, type GrpcTransport } from "@capstan/client";
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
import type { schedulerConfig } from "./config.js";
import { resolveSchedulerSettings, type SchedulerSettings } from "./scheduler-settings.js";
import { runSchedulingTerm } from "./scheduling-term.js";

/** The scheduler as one runnable: health and metrics server, and scheduling (behind leader election). */
export interface SchedulerComponent extends Runnable {
  /** Resolves with the port of /healthz, /readyz and /metrics once it listens; rejects if it failed. */
  ready(): Promise<{ readonly healthPort: number }>;
  /** True while this instance schedules (the Lease holder, or always without leader election). */
  isLeader(): boolean;
}

export interface SchedulerComponentOptions {
  /** This candidate's name in the Lease; default `<hostname>_<uuid>` as kube-scheduler. */
  readonly identity?: string;
  /** Report Node's process metrics on this component's /metrics; default true (false inside `capstan up`). */
  readonly processMetrics?: boolean;
}

/** How long the readiness check waits for the apiserver. */
const READY_CHECK_TIMEOUT_MS = 2_000;

/**
 * Wires the scheduler from its configuration: a gRPC transport, the observability server (/healthz,
 * /readyz checking the apiserver answers, /metrics with `leader_election_master_status`), and scheduling.
 * With `leaderElect`, only the holder of the Lease schedules, and it stops the moment it loses the Lease.
 */
export function createSchedulerComponent(
  config: ConfigValues<typeof schedulerConfig>,
  logger: Logger,
  options: SchedulerComponentOptions = {},
): SchedulerComponent {
  if (typeof config !== "object" || config === null || typeof config.apiserverGrpc !== "string") {
    throw ApiError.badRequest("createSchedulerComponent: config must be the values of schedulerConfig");
  }
  const identity = options.identity ?? `${hostname()}_${randomUUID()}`;
  const registry = createMetricsRegistry({
    component: "scheduler",
    processMetrics: options.processMetrics ?? true,
  });
  const leaderGauge = new Gauge({
    name: "leader_election_master_status",
    help: "1 while this instance is the leader and schedules, else 0",
    labelNames: ["name"],
    registers: [registry],
  });
  // Labelled with the flag's lease name even when a config file names another: the series must exist at once.
  const leader = leaderGauge.labels({ name: config.leaderElectResourceName });
  leader.set(0);
  let leading = false;
  /** Rejects when the component cannot start (a bad config file), so `ready()` does not wait forever. */
  let failStart: (error: unknown) => void = () => {};
  const startFailure = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  startFailure.catch(() => {});
  let transportRef: GrpcTransport | undefined;

  const observability = createObservabilityServer({
    host: config.healthHost,
    port: config.healthPort,
    registry,
    logger,
    checks: {
      ready: [
        {
          name: "apiserver",
          async check() {
            if (!transportRef) throw new Error("not started");
            await createGrpcClient(NodeService, transportRef).list(
              { limit: 1n },
              { timeoutMs: READY_CHECK_TIMEOUT_MS },
            );
          },
        },
      ],
    },
  });

  /** Scheduling terms, behind the Lease when leader election is on. */
  const createScheduling = (settings: SchedulerSettings, transport: GrpcTransport): Runnable => {
    const term = {
      transport,
      restUrl: config.apiserverUrl,
      settings,
      logger,
      setLeading(value: boolean) {
        leading = value;
        leader.set(value ? 1 : 0);
      },
    };
    const schedule = (termSignal: AbortSignal) => runSchedulingTerm(term, termSignal);
    const { election } = settings;
    if (!election.enabled) return { name: "scheduling", start: schedule };
    return createLeaderElector({
      lease: { namespace: election.namespace, name: election.name },
      identity,
      leases: grpcLeases(createGrpcClient(LeaseService, transport)),
      leaseDurationMs: election.leaseDurationMs,
      renewDeadlineMs: election.renewDeadlineMs,
      retryPeriodMs: election.retryPeriodMs,
      logger,
      onStartedLeading: schedule,
    });
  };

  return {
    name: "scheduler",
    ready: async () => ({ healthPort: await Promise.race([observability.listening(), startFailure]) }),
    isLeader: () => leading,
    async start(signal) {
      let transport: GrpcTransport | undefined;
      let scheduling: Runnable;
      try {
        const settings = await resolveSchedulerSettings(config);
        transport = createGrpcTransport({ address: config.apiserverGrpc });
        transportRef = transport;
        scheduling = createScheduling(settings, transport);
      } catch (error) {
        transport?.close();
        failStart(error);
        throw error;
      }
      try {
        await runTogether("scheduler", [observability, scheduling]).start(signal);
      } finally {
        transport.close();
      }
    },
  };
}
