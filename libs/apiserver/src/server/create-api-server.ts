import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resources as allResources, type ResourceType } from "@capstan/api";
import {
  createMetricsRegistry,
  createObservabilityHandler,
  type Logger,
  type Registry as MetricsRegistry,
  type Runnable,
  waitForAbort,
} from "@capstan/runtime";
import type { Store } from "@capstan/store";
import {
  AdmissionChain,
  type MutatingAdmissionPlugin,
  type ValidatingAdmissionPlugin,
} from "../admission/admission.js";
import { defaultingPlugin } from "../admission/defaulting.js";
import { namespaceLifecyclePlugin } from "../admission/namespace-lifecycle.js";
import { validationPlugin } from "../admission/validation.js";
import { createDiscoveryHandler } from "../discovery/handler.js";
import { createApiHandler } from "../http/api-handler.js";
import { createRequestMetrics } from "../http/request-metrics.js";
import { versionInfo } from "../http/version.js";
import { strategies as kindStrategies } from "../kinds/index.js";
import { createOpenApiHandler } from "../openapi/handler.js";
import { Registry } from "../registry/registry.js";
import type { ResourceStrategy } from "../registry/strategy.js";
import { WatchCache } from "../watch/watch-cache.js";
import { bootstrapNamespaces } from "./bootstrap-namespaces.js";
import { runCompactor } from "./compactor.js";
import { runNamespaceCleaner } from "./namespace-cleaner.js";
import { namespaceLookup } from "./namespace-lookup.js";

export interface ApiServerOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 6443; 0 picks a free port (read it from `address()`). */
  readonly port?: number;
  /**
   * Kind strategies; default the built-in ones (src/kinds). Kinds without one get NAME/AGE columns and
   * metadata validation only.
   */
  readonly strategies?: readonly ResourceStrategy[];
  /** Resources served; default every resource of @capstan/api. */
  readonly resources?: readonly ResourceType[];
  /** Admission plugins run after the built-in ones (defaulting; namespace lifecycle, validation). */
  readonly admission?: {
    readonly mutating?: readonly MutatingAdmissionPlugin[];
    readonly validating?: readonly ValidatingAdmissionPlugin[];
  };
  /** Prometheus registry for /metrics; default a new one for component "apiserver". */
  readonly metrics?: MetricsRegistry;
  /** Events kept per resource for resuming watches. Default 1000. */
  readonly watchCacheCapacity?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK. Default 30 s. */
  readonly bookmarkIntervalMs?: number;
  /** Period of store compaction (what etcd needs; SQLite also compacts itself); 0 disables. Default 5 min. */
  readonly compactionIntervalMs?: number;
  /**
   * Period of the built-in namespace cleanup (deleting the content of Terminating namespaces, then
   * finalizing them); 0 disables it, for when a controller-manager runs the namespace controller.
   * Default 1 s.
   */
  readonly namespaceCleanupIntervalMs?: number;
  /** Wait this long for open requests when stopping, then close their connections. Default 5 s. */
  readonly shutdownGraceMs?: number;
  /** The clock; tests may pin it. */
  readonly now?: () => Date;
}

/** The Kubernetes REST API server, as a runnable. */
export interface ApiServer extends Runnable {
  /** The transport-independent registry the REST API (and the gRPC API) call. */
  readonly registry: Registry;
  readonly admission: AdmissionChain;
  readonly watchCache: WatchCache;
  /** Resolves once the server listens and serves; rejects if it could not start. */
  readonly ready: Promise<void>;
  /** The bound address; throws before `ready`. */
  address(): { host: string; port: number };
  /** `http://host:port`; throws before `ready`. */
  url(): string;
}

/**
 * Creates the apiserver: registry over the store, a watch cache fed by one store watch, the admission
 * chain, and an HTTP/1.1 server for the REST API, discovery, OpenAPI v3, /version, health and metrics. `start(signal)`
 * creates the system namespaces, listens, and serves until the signal aborts.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const resources = options.resources ?? allResources;
  const cache = new WatchCache({
    store,
    logger,
    capacity: options.watchCacheCapacity,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  let registry: Registry | undefined;
  const admission = new AdmissionChain({
    mutating: [defaultingPlugin, ...(options.admission?.mutating ?? [])],
    validating: [
      namespaceLifecyclePlugin(namespaceLookup(() => registry)),
      validationPlugin,
      ...(options.admission?.validating ?? []),
    ],
  });
  registry = new Registry({
    store,
    logger,
    cache,
    admission,
    resources,
    strategies: options.strategies ?? kindStrategies,
    now,
  });
  const metricsRegistry = options.metrics ?? createMetricsRegistry({ component: "apiserver" });
  const stopping = new AbortController();
  const handler = createApiHandler({
    registry,
    logger,
    now,
    stopping: stopping.signal,
    metrics: createRequestMetrics(metricsRegistry),
    discovery: createDiscoveryHandler(resources),
    openapi: createOpenApiHandler(resources, { version: versionInfo().gitVersion }),
    observability: createObservabilityHandler({
      registry: metricsRegistry,
      logger,
      checks: {
        ready: [
          { name: "store", check: async () => void (await store.currentRevision()) },
          { name: "watch-cache", check: () => assertHealthy(cache) },
        ],
      },
    }),
  });
  const server = createServer(handler);
  let bound: { host: string; port: number } | undefined;
  let markReady: () => void = () => {};
  let markFailed: (error: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});
  const served = registry;

  return {
    name: "apiserver",
    registry: served,
    admission,
    watchCache: cache,
    ready,
    address() {
      if (!bound) throw new Error("the apiserver is not listening yet");
      return bound;
    },
    url() {
      const { host, port } = this.address();
      return `http://${host}:${port}`;
    },
    async start(signal) {
      const inner = new AbortController();
      const stop = () => inner.abort();
      signal.addEventListener("abort", stop, { once: true });
      const caching = cache.start(inner.signal);
      caching.catch(() => {});
      try {
        await Promise.race([cache.ready, caching]);
        await bootstrapNamespaces(served);
        bound = await listen(server, options.host ?? "127.0.0.1", options.port ?? 6443);
      } catch (error) {
        markFailed(error);
        inner.abort();
        await caching.catch(() => {});
        signal.removeEventListener("abort", stop);
        throw error;
      }
      const compactionMs = options.compactionIntervalMs ?? 300_000;
      const compaction =
        compactionMs > 0 ? runCompactor(store, logger, compactionMs, inner.signal) : Promise.resolve();
      const cleanupMs = options.namespaceCleanupIntervalMs ?? 1_000;
      const cleanup =
        cleanupMs > 0 ? runNamespaceCleaner(served, logger, cleanupMs, inner.signal) : Promise.resolve();
      logger.info({ address: `${bound.host}:${bound.port}`, store: store.driver }, "apiserver listening");
      markReady();
      await Promise.race([waitForAbort(signal), caching]);
      stopping.abort();
      inner.abort();
      await close(server, options.shutdownGraceMs ?? 5_000);
      await Promise.all([caching, compaction, cleanup]);
      signal.removeEventListener("abort", stop);
      logger.info("apiserver stopped");
    },
  };
}

function assertHealthy(cache: WatchCache): void {
  if (!cache.healthy) throw new Error("the watch cache has lost its store watch");
}

function listen(server: Server, host: string, port: number): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({ host, port: address.port });
    });
  });
}

/** Stops accepting, lets open requests finish for `graceMs`, then cuts what is left. */
async function close(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
