import type { Socket as UdpSocket } from "node:dgram";
import type { Server } from "node:net";
import type { Logger } from "@capstan/runtime";
import { Balancer } from "./balance/balancer.js";
import type { ClusterIpBinder } from "./cluster-ip/cluster-ip-binder.js";
import { closeUdp, listenTcp, listenUdp, stopAccepting } from "./forward/listeners.js";
import type { ProxyMetrics } from "./forward/proxy-metrics.js";
import { type ForwardTarget, TcpForwarder } from "./forward/tcp-forwarder.js";
import { UdpForwarder } from "./forward/udp-forwarder.js";
import type { ProxyProtocol, ServicePortSpec } from "./model/service-ports.js";

/** One address the proxy listens on for one service port. */
interface ListenAddress {
  readonly key: string;
  readonly protocol: ProxyProtocol;
  readonly host: string;
  readonly port: number;
  readonly id: string;
  /** The cluster IP this listener needs bound, if it is one. */
  readonly clusterIp?: string;
}

interface OpenListener {
  address: ListenAddress;
  readonly tcp?: Server;
  readonly udp?: { socket: UdpSocket; forwarder: UdpForwarder };
}

export interface ProxierOptions {
  /** Where node ports listen, e.g. ["0.0.0.0"]. */
  readonly nodePortAddresses: readonly string[];
  /** Binds cluster IPs; absent or not ready means node ports only. */
  readonly binder?: ClusterIpBinder;
  readonly udpIdleMs: number;
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
}

/**
 * Brings the proxy's listeners and balancers to a desired set of service ports: each port gets a
 * balancer over its ready backends, a listener on its node port on every node address and one on its
 * cluster IP when cluster IPs can be bound. Listeners no longer wanted stop accepting while their open
 * connections finish. A listener that cannot open (port in use) is retried by the next sync.
 */
export class Proxier {
  readonly #targets = new Map<string, ForwardTarget>();
  readonly #listeners = new Map<string, OpenListener>();
  readonly #tcp: TcpForwarder;

  constructor(private readonly options: ProxierOptions) {
    this.#tcp = new TcpForwarder(options.metrics, options.logger);
  }

  /** Service port ids with a balancer now. */
  get serving(): readonly string[] {
    return [...this.#targets.keys()];
  }

  /** Listener keys (`TCP/127.0.0.1:30080`) open now. */
  get listening(): readonly string[] {
    return [...this.#listeners.keys()];
  }

  /** Applies the desired service ports; resolves once every listener that could open is open. */
  async sync(specs: readonly ServicePortSpec[]): Promise<void> {
    for (const spec of specs) {
      const target = this.#targets.get(spec.id);
      if (target) target.balancer.update(spec.backends, spec.affinityTimeoutMs);
      else {
        const balancer = new Balancer(spec.affinityTimeoutMs);
        balancer.update(spec.backends);
        this.#targets.set(spec.id, { id: spec.id, balancer });
      }
    }
    const wanted = this.#addresses(specs);
    for (const [key, listener] of this.#listeners) if (!wanted.has(key)) await this.#close(key, listener);
    const ids = new Set(specs.map((spec) => spec.id));
    for (const id of this.#targets.keys()) if (!ids.has(id)) this.#targets.delete(id);
    await this.#unbindUnused(wanted);
    for (const address of wanted.values()) await this.#open(address);
  }

  /** Closes every listener; open TCP connections get `graceMs` to finish, then are cut. */
  async close(graceMs: number): Promise<void> {
    for (const [key, listener] of this.#listeners) await this.#close(key, listener);
    await this.#unbindUnused(new Map());
    const deadline = Date.now() + graceMs;
    while (this.#tcp.openSockets > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    this.#tcp.destroyAll();
  }

  #addresses(specs: readonly ServicePortSpec[]): Map<string, ListenAddress> {
    const wanted = new Map<string, ListenAddress>();
    const add = (address: Omit<ListenAddress, "key">) => {
      const key = `${address.protocol}/${address.host}:${address.port}`;
      const taken = wanted.get(key);
      if (taken && taken.id !== address.id)
        this.options.logger.warn(
          { key, service: address.id, holder: taken.id },
          "two service ports want one address",
        );
      else wanted.set(key, { ...address, key });
    };
    const clusterIps = this.options.binder?.ready === true;
    for (const spec of specs) {
      const { protocol, id } = spec;
      if (spec.nodePort > 0)
        for (const host of this.options.nodePortAddresses) add({ protocol, host, port: spec.nodePort, id });
      // A reserved address is served by the proxy itself (a kube-dns Service on the cluster DNS IP).
      if (spec.clusterIp && clusterIps && !this.options.binder?.reserved.has(spec.clusterIp))
        add({ protocol, host: spec.clusterIp, port: spec.port, id, clusterIp: spec.clusterIp });
    }
    return wanted;
  }

  async #open(address: ListenAddress): Promise<void> {
    const existing = this.#listeners.get(address.key);
    if (existing) {
      existing.address = address;
      const target = this.#targets.get(address.id);
      if (existing.udp && target) existing.udp.forwarder.retarget(target);
      return;
    }
    try {
      if (address.clusterIp) await this.options.binder?.bind(address.clusterIp);
      this.#listeners.set(address.key, await this.#listen(address));
    } catch (error) {
      this.options.metrics.errors.inc({ service: address.id, reason: "listen" });
      this.options.logger.warn(
        { address: address.key, service: address.id, err: error },
        "cannot listen yet",
      );
    }
  }

  async #listen(address: ListenAddress): Promise<OpenListener> {
    const { logger, metrics } = this.options;
    if (address.protocol === "TCP") {
      const listener: OpenListener = {
        address,
        tcp: await listenTcp(address.host, address.port, (socket) => {
          const target = this.#targets.get(listener.address.id);
          if (target) this.#tcp.handle(socket, target);
          else socket.destroy();
        }),
      };
      return listener;
    }
    const target = this.#targets.get(address.id);
    if (!target) throw new Error(`no balancer for ${address.id}`);
    const socket = await listenUdp(address.host, address.port);
    return {
      address,
      udp: { socket, forwarder: new UdpForwarder(socket, target, this.options.udpIdleMs, metrics, logger) },
    };
  }

  async #close(key: string, listener: OpenListener): Promise<void> {
    this.#listeners.delete(key);
    if (listener.tcp) stopAccepting(listener.tcp);
    if (listener.udp) {
      listener.udp.forwarder.close();
      closeUdp(listener.udp.socket);
    }
  }

  async #unbindUnused(wanted: ReadonlyMap<string, ListenAddress>): Promise<void> {
    const binder = this.options.binder;
    if (!binder?.ready) return;
    const used = new Set(
      [...wanted.values()].flatMap((address) => (address.clusterIp ? [address.clusterIp] : [])),
    );
    for (const ip of binder.bound) if (!used.has(ip) && !binder.reserved.has(ip)) await binder.unbind(ip);
  }
}
