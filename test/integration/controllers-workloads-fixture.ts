import { startTestApiServer, type TestApiServer } from "@capstan/apiserver/testing";
import {
  type ControllerManagerComponent,
  controllerManagerConfig,
  createControllerManagerComponent,
} from "@capstan/controllers";
import { type HollowNodes, startHollowNodes } from "@capstan/hollow-node";
import { loadConfig } from "@capstan/runtime";
import { createScheduler } from "@capstan/scheduler";
import { createKubectl, type Kubectl } from "./support/kubectl.js";
import { silentLogger } from "./support/logger.js";

const logger = silentLogger;

/** One controller-manager instance started by the fixture. */
export interface RunningManager {
  readonly component: ControllerManagerComponent;
  /** Stops it as a killed process would look to the others: no lease release, no goodbye. */
  stop(): Promise<void>;
}

/** An apiserver, simulated nodes, the real scheduler, and controller-managers, for workload tests. */
export interface WorkloadCluster {
  readonly api: TestApiServer;
  readonly kubectl: Kubectl;
  readonly nodes: HollowNodes;
  /** Starts one more controller-manager (leader election on, fast timings). */
  startManager(flags?: readonly string[]): RunningManager;
  stop(): Promise<void>;
}

/** Fast leader election so failover tests take seconds, not the default 15 s. */
export const FAST_ELECTION = [
  "--leader-elect-lease-duration=2s",
  "--leader-elect-renew-deadline=1500ms",
  "--leader-elect-retry-period=250ms",
];

/**
 * Starts the cluster: apiserver, `nodeCount` hollow nodes, the scheduler, and (unless `manager` is false)
 * one controller-manager.
 */
export async function startWorkloadCluster(nodeCount = 3, manager = true): Promise<WorkloadCluster> {
  const api = await startTestApiServer();
  const background = new AbortController();
  const scheduler = createScheduler({ transport: api.transport, restUrl: api.restUrl, logger });
  const scheduling = scheduler.start(background.signal);
  scheduling.catch(() => {});
  const nodes = await startHollowNodes({
    transport: api.transport,
    count: nodeCount,
    heartbeatIntervalMs: 1000,
    logger,
  });
  const kubectl = await createKubectl(api.restUrl);
  const managers: RunningManager[] = [];
  const startManager = (flags: readonly string[] = []): RunningManager => {
    const loaded = loadConfig(controllerManagerConfig, {
      argv: [`--apiserver-grpc=${api.grpcAddress}`, "--health-port=0", ...FAST_ELECTION, ...flags],
      env: {},
    });
    if (loaded.help) throw new Error("unexpected --help");
    const component = createControllerManagerComponent(loaded.values, logger);
    const stopping = new AbortController();
    const running = component.start(stopping.signal);
    running.catch(() => {});
    const manager = {
      component,
      async stop() {
        stopping.abort();
        await running.catch(() => {});
      },
    };
    managers.push(manager);
    return manager;
  };
  if (manager) startManager();
  return {
    api,
    kubectl,
    nodes,
    startManager,
    async stop() {
      await Promise.all(managers.map((manager) => manager.stop()));
      await nodes.stop();
      background.abort();
      await scheduling.catch(() => {});
      await kubectl.dispose();
      await api.stop();
    },
  };
}
