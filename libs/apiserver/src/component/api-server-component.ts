import { type ConfigValues, type Logger, type Runnable, runTogether } from "@capstan/runtime";
import { loadServingSecurity } from "../auth/secure-listener.js";
import { createChangeFeedPublisher } from "../feed/change-feed-publisher.js";
import { createGrpcServer } from "../grpc/grpc-server.js";
import { strategies } from "../kinds/index.js";
import { createApiServer } from "../server/create-api-server.js";
import { openBus, openStore } from "./open-backends.js";
import type { apiServerConfig } from "./options.js";

/** Where a started apiserver component can be reached. */
export interface ApiServerEndpoints {
  /** The Kubernetes REST API, e.g. `http://127.0.0.1:6443`. */
  readonly url: string;
  /** The gRPC API, `host:port`. */
  readonly grpc: string;
  readonly store: string;
}

/** The apiserver component: store, REST API, gRPC API and change-feed publisher, started and stopped together. */
export interface ApiServerComponent extends Runnable {
  /** Resolves once every part serves; rejects if any part failed to start. */
  ready(): Promise<ApiServerEndpoints>;
}

/**
 * Wires the apiserver from its configuration. The store and the bus are opened in `start` and closed after
 * every part has stopped, so nothing writes to a closed store.
 */
export function createApiServerComponent(
  config: ConfigValues<typeof apiServerConfig>,
  logger: Logger,
): ApiServerComponent {
  let markReady: (endpoints: ApiServerEndpoints) => void = () => {};
  let markFailed: (error: unknown) => void = () => {};
  const ready = new Promise<ApiServerEndpoints>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});

  return {
    name: "apiserver",
    ready: () => ready,
    async start(signal) {
      const security = await loadServingSecurity(config).catch((error: unknown) => {
        markFailed(error);
        throw error;
      });
      const store = await openStore(config, logger).catch((error: unknown) => {
        markFailed(error);
        throw error;
      });
      const bus = await openBus(config, logger).catch(async (error: unknown) => {
        markFailed(error);
        await store.close();
        throw error;
      });
      try {
        const api = createApiServer({
          store,
          logger,
          host: config.apiHost,
          port: config.apiPort,
          strategies,
          compactionIntervalMs: config.compactionInterval,
          security,
          insecurePort: config.insecurePort,
          defaultTolerationSeconds: {
            notReady: config.defaultNotReadyTolerationSeconds,
            unreachable: config.defaultUnreachableTolerationSeconds,
          },
          services: {
            clusterIpRange: config.serviceClusterIpRange,
            nodePortRange: config.serviceNodePortRange,
          },
        });
        const grpc = createGrpcServer({
          registry: api.registry,
          logger,
          host: config.apiHost,
          port: config.grpcPort,
        });
        const feed = createChangeFeedPublisher({ store, bus, logger });
        const running = runTogether("apiserver", [api, grpc, feed]).start(signal);
        const serving = Promise.all([api.ready, grpc.ready(), feed.ready()]).then(([, address]) =>
          markReady({ url: api.url(), grpc: `${address.host}:${address.port}`, store: store.driver }),
        );
        await Promise.race([serving, running]).catch((error: unknown) => markFailed(error));
        await running;
      } catch (error) {
        markFailed(error);
        throw error;
      } finally {
        await bus.close();
        await store.close();
      }
    },
  };
}
