import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServerComponent, createApiServerComponent } from "@capstan/apiserver";
import { silentLogger } from "./logger.js";

export interface ApiServerFixtureOptions {
  /** Serve from this etcd cluster; default a fresh SQLite data directory. */
  readonly etcdEndpoints?: readonly string[];
  /** Publish the change feed to this NATS server; default the in-process bus. */
  readonly natsUrl?: string;
  /** Service cluster IP range; default Kubernetes' 10.96.0.0/12. */
  readonly serviceClusterIpRange?: string;
}

/** A running apiserver (REST, gRPC and change feed, wired as `capstan up` wires it) on free loopback ports. */
export interface ApiServerFixture {
  /** `http://127.0.0.1:<port>` of the REST API. */
  readonly url: string;
  /** `127.0.0.1:<port>` of the gRPC API. */
  readonly grpcAddress: string;
  /** The SQLite data directory (undefined over etcd). */
  readonly dataDir: string | undefined;
  /** The store's current revision, as a list answers it. */
  revision(): Promise<number>;
  /** Stops every part and deletes the data directory. */
  stop(): Promise<void>;
}

/** The apiserver component with test settings: loopback, free ports, no periodic compaction. */
export function createTestComponent(settings: {
  dataDir: string;
  etcdEndpoints?: readonly string[];
  natsUrl?: string;
  serviceClusterIpRange?: string;
}): ApiServerComponent {
  return createApiServerComponent(
    {
      apiHost: "127.0.0.1",
      apiPort: 0,
      grpcPort: 0,
      store: settings.etcdEndpoints ? "etcd" : "sqlite",
      dataDir: settings.dataDir,
      etcdEndpoints: settings.etcdEndpoints ?? [],
      natsUrl: settings.natsUrl ? [settings.natsUrl] : [],
      compactionInterval: 0,
      serviceClusterIpRange: settings.serviceClusterIpRange ?? "10.96.0.0/12",
      serviceNodePortRange: "30000-32767",
      defaultNotReadyTolerationSeconds: 300,
      defaultUnreachableTolerationSeconds: 300,
      tlsCertFile: "",
      tlsPrivateKeyFile: "",
      tokenAuthFile: "",
      insecurePort: 0,
    },
    silentLogger,
  );
}

/**
 * Starts the apiserver component for integration tests. Rejects (after stopping what did start) if any
 * part fails to come up.
 */
export async function startApiServer(options: ApiServerFixtureOptions = {}): Promise<ApiServerFixture> {
  const dataDir = options.etcdEndpoints ? undefined : await mkdtemp(join(tmpdir(), "capstan-it-"));
  const component = createTestComponent({ dataDir: dataDir ?? "", ...options });
  const controller = new AbortController();
  const running = component.start(controller.signal);
  running.catch(() => {});
  const cleanUp = async () => {
    controller.abort();
    await running.catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const endpoints = await Promise.race([
    component.ready(),
    running.then(() => {
      throw new Error("the apiserver stopped while starting");
    }),
  ]).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });

  return {
    url: endpoints.url,
    grpcAddress: endpoints.grpc,
    dataDir,
    async revision() {
      const response = await fetch(`${endpoints.url}/api/v1/namespaces?limit=1`);
      const list = (await response.json()) as { metadata?: { resourceVersion?: string } };
      return Number(list.metadata?.resourceVersion);
    },
    async stop() {
      await cleanUp();
      await running;
    },
  };
}
