import { resources as allResources } from "@capstan/api";
import {
  createMetricsRegistry,
  createObservabilityHandler,
  type Runnable,
  waitForAbort,
} from "@capstan/runtime";
import { AdmissionChain } from "../admission/admission.js";
import { defaultTolerationSecondsPlugin } from "../admission/default-toleration-seconds.js";
import { defaultingPlugin } from "../admission/defaulting.js";
import { namespaceLifecyclePlugin } from "../admission/namespace-lifecycle.js";
import { validationPlugin } from "../admission/validation.js";
import { serviceStorageFor } from "../allocation/index.js";
import { createApiListener } from "../auth/secure-listener.js";
import { createDiscoveryHandler } from "../discovery/handler.js";
import { createApiHandler } from "../http/api-handler.js";
import { createRequestMetrics } from "../http/request-metrics.js";
import { versionInfo } from "../http/version.js";
import { strategies as kindStrategies } from "../kinds/index.js";
import { serviceUpdatePlugin } from "../kinds/service/update-plugin.js";
import { createOpenApiHandler } from "../openapi/handler.js";
import { Registry } from "../registry/registry.js";
import { WatchCache } from "../watch/watch-cache.js";
import type { ApiServerOptions } from "./api-server-options.js";
import { bootstrapNamespaces } from "./bootstrap-namespaces.js";
import { runCompactor } from "./compactor.js";
import { close, listen } from "./http-listener.js";
import { runNamespaceCleaner } from "./namespace-cleaner.js";
import { namespaceLookup } from "./namespace-lookup.js";

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
  /** `http://host:port` (`https://` when serving TLS); throws before `ready`. */
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
    mutating: [
      defaultTolerationSecondsPlugin(options.defaultTolerationSeconds),
      defaultingPlugin,
      serviceUpdatePlugin,
      ...(options.admission?.mutating ?? []),
    ],
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
    storageFor: serviceStorageFor(store, options.services ?? {}, logger),
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
  const server = createApiListener(handler, options.security);
  // Kubernetes' old --insecure-port: the same API in plain HTTP without authentication, for components on a
  // private network that do not present tokens yet.
  const insecure = options.insecurePort ? createApiListener(handler) : undefined;
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
      return `${options.security?.tls ? "https" : "http"}://${host}:${port}`;
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
        if (insecure) await listen(insecure, options.host ?? "127.0.0.1", options.insecurePort ?? 0);
      } catch (error) {
        markFailed(error);
        if (server.listening) server.close();
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
      await Promise.all(
        [server, insecure].map((listener) => listener && close(listener, options.shutdownGraceMs ?? 5_000)),
      );
      await Promise.all([caching, compaction, cleanup]);
      signal.removeEventListener("abort", stop);
      logger.info("apiserver stopped");
    },
  };
}

function assertHealthy(cache: WatchCache): void {
  if (!cache.healthy) throw new Error("the watch cache has lost its store watch");
}
