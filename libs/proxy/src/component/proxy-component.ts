import { connectNatsBus } from "@capstan/bus";
import { createGrpcTransport } from "@capstan/client";
import {
  type ConfigValues,
  createMetricsRegistry,
  createObservabilityServer,
  type Logger,
  type Registry,
  type Runnable,
  waitForAbort,
} from "@capstan/runtime";
import { ClusterIpBinder } from "../cluster-ip/cluster-ip-binder.js";
import { createDnsServer, type DnsServer } from "../dns/dns-server.js";
import { readNameservers } from "../dns/upstream.js";
import { createProxyMetrics } from "../forward/proxy-metrics.js";
import { servicePorts } from "../model/service-ports.js";
import { Proxier } from "../proxier.js";
import { type ClusterInformers, createClusterInformers } from "./cluster-informers.js";
import type { proxyConfig } from "./config.js";
import { inCidr, parseListenAddress } from "./listen-address.js";
import { SyncLoop } from "./sync-loop.js";

/** Where a started proxy can be reached. */
export interface ProxyEndpoints {
  /** `http://host:port` of /healthz, /readyz and /metrics. */
  readonly health: string;
  /** `host:port` addresses the cluster DNS answers on. */
  readonly dns: readonly string[];
  /** Whether cluster IPs are served (else only node ports), and why not. */
  readonly clusterIps: { readonly enabled: boolean; readonly reason?: string };
}

/** The proxy component: service proxy, cluster DNS and health server, started and stopped together. */
export interface ProxyComponent extends Runnable {
  /** Resolves once the caches are synced and every listener that can open is open. */
  ready(): Promise<ProxyEndpoints>;
  /** The proxier (tests read what it serves). */
  readonly proxier: Proxier;
}

/** How long open connections may finish when the proxy stops. */
const STOP_GRACE_MS = 2_000;

/**
 * Wires the proxy from its configuration: Service and Endpoints informers (NATS feed or gRPC), the
 * proxier, the cluster DNS, and /healthz /readyz /metrics. Malformed options throw here, at creation.
 */
export function createProxyComponent(
  config: ConfigValues<typeof proxyConfig>,
  logger: Logger,
  metricsRegistry: Registry = createMetricsRegistry({ component: "proxy" }),
): ProxyComponent {
  const dnsAddresses = config.clusterDns.map((address) => parseListenAddress(address, 53));
  const binder = config.clusterIps
    ? new ClusterIpBinder({
        interfaceName: config.clusterIpInterface,
        serviceRange: config.serviceClusterIpRange,
        logger,
      })
    : undefined;
  const metrics = createProxyMetrics(metricsRegistry);
  const proxier = new Proxier({
    nodePortAddresses: config.nodePortAddresses,
    binder,
    udpIdleMs: config.udpIdleTimeout,
    metrics,
    logger,
  });
  let markReady: (endpoints: ProxyEndpoints) => void = () => {};
  let markFailed: (error: unknown) => void = () => {};
  const ready = new Promise<ProxyEndpoints>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});

  async function startDns(informers: ClusterInformers, clusterIps: boolean): Promise<DnsServer | undefined> {
    const listen = [];
    for (const address of dnsAddresses) {
      if (!inCidr(address.host, config.serviceClusterIpRange)) listen.push(address);
      else if (clusterIps && binder) {
        await binder.bindReserved(address.host);
        listen.push(address);
      } else
        logger.warn({ address: address.host }, "cluster DNS address skipped: cluster IPs cannot be bound");
    }
    if (listen.length === 0) return undefined;
    const upstreams = config.dnsForward
      ? await readNameservers(
          config.resolvConf,
          dnsAddresses.map((address) => address.host),
        )
      : [];
    const dns = createDnsServer({
      listen,
      zone: config.clusterDomain,
      upstreams: () => upstreams,
      logger,
      view: {
        service: (namespace, name) => informers.services.lister.get(`${namespace}/${name}`),
        endpoints: (namespace, name) => informers.endpoints.lister.get(`${namespace}/${name}`),
      },
    });
    await dns.start();
    return dns;
  }

  return {
    name: "proxy",
    proxier,
    ready: () => ready,
    async start(signal) {
      const inner = new AbortController();
      const stop = () => inner.abort();
      signal.addEventListener("abort", stop, { once: true });
      const transport = createGrpcTransport({ address: config.apiserverGrpc });
      const bus =
        config.natsUrl.length > 0
          ? await connectNatsBus({ servers: config.natsUrl, logger, name: "capstan-proxy" })
          : undefined;
      const informers = createClusterInformers(transport, bus, logger);
      const health = createObservabilityServer({
        host: config.healthHost,
        port: config.healthPort,
        registry: metricsRegistry,
        logger,
        checks: {
          ready: [
            { name: "services", check: () => assertSynced(informers.services.hasSynced(), "services") },
            { name: "endpoints", check: () => assertSynced(informers.endpoints.hasSynced(), "endpoints") },
          ],
        },
      });
      const loop = new SyncLoop(
        async () => {
          const specs = informers.services.lister
            .list()
            .flatMap((service) =>
              servicePorts(
                service,
                informers.endpoints.lister.get(`${service.metadata?.namespace}/${service.metadata?.name}`),
              ),
            );
          await proxier.sync(specs);
        },
        metrics,
        logger,
      );
      informers.services.addHandler(() => loop.trigger());
      informers.endpoints.addHandler(() => loop.trigger());
      const running = [
        informers.services.start(inner.signal),
        informers.endpoints.start(inner.signal),
        health.start(inner.signal),
      ];
      let dns: DnsServer | undefined;
      try {
        const reason = binder ? await binder.start() : "turned off by configuration";
        if (reason) logger.info({ reason }, "serving node ports only: no cluster IPs");
        await Promise.all([
          informers.services.waitForSync(inner.signal),
          informers.endpoints.waitForSync(inner.signal),
        ]);
        dns = await startDns(informers, reason === undefined);
        const looping = loop.run(config.syncPeriod, inner.signal);
        await loop.synced();
        markReady({
          health: `http://${config.healthHost}:${await health.listening()}`,
          dns: dns?.addresses() ?? [],
          clusterIps: reason === undefined ? { enabled: true } : { enabled: false, reason },
        });
        logger.info(
          { dns: dns?.addresses() ?? [], nodePortAddresses: config.nodePortAddresses },
          "proxy serving",
        );
        await Promise.race([waitForAbort(inner.signal), ...running]);
        inner.abort();
        await looping;
      } catch (error) {
        markFailed(error);
        inner.abort();
        throw error;
      } finally {
        signal.removeEventListener("abort", stop);
        dns?.close();
        await proxier.close(STOP_GRACE_MS);
        await binder?.stop();
        await Promise.allSettled(running);
        await bus?.close();
        transport.close();
      }
    },
  };
}

function assertSynced(synced: boolean, what: string): void {
  if (!synced) throw new Error(`the ${what} cache has not synced yet`);
}
