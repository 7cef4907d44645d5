import { platform } from "node:os";
import type { Logger } from "@capstan/runtime";
import { type IpCommand, runIp } from "./ip-command.js";

/** Linux interface names are at most 15 characters of this set. */
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

export interface ClusterIpBinderOptions {
  /** The dummy interface that holds the cluster IPs, e.g. `capstan0`. */
  readonly interfaceName: string;
  /** The whole service range: routed `unreachable`, so no packet for it ever leaves the machine. */
  readonly serviceRange: string;
  readonly logger: Logger;
  /** The `ip` runner; tests of the pure parts pass a recorder. */
  readonly ip?: IpCommand;
}

/**
 * Makes cluster IPs local addresses, as kube-proxy's IPVS mode does: a dummy interface holds each bound
 * cluster IP as a /32, and the whole service range is routed `unreachable`, so a packet for a cluster IP
 * nobody binds gets an ICMP error instead of going to the default gateway. The route goes in before the
 * first address and stays after stop (it is only ever a safety net). Needs Linux and root (CAP_NET_ADMIN);
 * elsewhere `start` reports why it cannot, and the proxy serves node ports only.
 */
export class ClusterIpBinder {
  readonly #ip: IpCommand;
  readonly #bound = new Set<string>();
  /** Where the addresses go: the dummy interface, or `lo` on a kernel without the dummy driver. */
  #device: string;
  /** Addresses bound for the proxy's own servers (the cluster DNS), never released by the proxier. */
  readonly reserved = new Set<string>();
  #ready = false;

  constructor(private readonly options: ClusterIpBinderOptions) {
    if (!INTERFACE_NAME.test(options.interfaceName))
      throw new TypeError(`invalid interface name ${JSON.stringify(options.interfaceName)}`);
    if (!CIDR.test(options.serviceRange))
      throw new TypeError(`invalid service range ${JSON.stringify(options.serviceRange)}: want an IPv4 CIDR`);
    this.#ip = options.ip ?? runIp;
    this.#device = options.interfaceName;
  }

  /** The device holding the cluster IPs (after start). */
  get device(): string {
    return this.#device;
  }

  /** Whether cluster IPs can be bound (after a successful start). */
  get ready(): boolean {
    return this.#ready;
  }

  /**
   * Creates the interface and the unreachable route. Resolves with undefined when cluster IPs can be bound,
   * or with the reason they cannot (not Linux, not root, no `ip` tool, a failed command).
   */
  async start(): Promise<string | undefined> {
    if (platform() !== "linux") return `cluster IPs need Linux (this is ${platform()})`;
    if (process.getuid?.() !== 0)
      return "cluster IPs need root (CAP_NET_ADMIN) to configure a dummy interface";
    const name = this.options.interfaceName;
    try {
      await this.#ip(["route", "replace", "unreachable", this.options.serviceRange]);
      this.#device = await this.#createDummy(name);
      await this.#ip(["link", "set", this.#device, "up"]);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    this.#ready = true;
    return undefined;
  }

  /**
   * Creates the dummy interface unless it exists. A kernel built without the dummy driver ("Unknown device
   * type") gets the addresses on `lo` instead: a /32 there is just as local, and the binder removes each
   * address it added when it stops.
   */
  async #createDummy(name: string): Promise<string> {
    const links = await this.#ip(["-o", "link", "show"]);
    if (new RegExp(`^\\d+: ${name.replace(/[.]/g, "\\.")}[:@]`, "m").test(links)) return name;
    try {
      await this.#ip(["link", "add", name, "type", "dummy"]);
      return name;
    } catch (error) {
      if (!String(error).includes("Unknown device type")) throw error;
      this.options.logger.info({ interface: name }, "no dummy interface driver: cluster IPs go on lo");
      return "lo";
    }
  }

  /** Makes `ip` a local address (idempotent). Throws if the binder is not ready. */
  async bind(ip: string): Promise<void> {
    if (!this.#ready) throw new Error("the cluster IP binder is not started");
    if (this.#bound.has(ip)) return;
    await this.#ip(["addr", "replace", `${ip}/32`, "dev", this.#device]);
    this.#bound.add(ip);
  }

  /** Binds an address for one of the proxy's own servers (the cluster DNS IP) and keeps it. */
  async bindReserved(ip: string): Promise<void> {
    await this.bind(ip);
    this.reserved.add(ip);
  }

  /** Removes an address this binder added. */
  async unbind(ip: string): Promise<void> {
    this.reserved.delete(ip);
    if (!this.#bound.delete(ip)) return;
    await this.#ip(["addr", "del", `${ip}/32`, "dev", this.#device]).catch((error: unknown) =>
      this.options.logger.warn({ ip, err: error }, "could not remove a cluster IP"),
    );
  }

  /** The addresses bound now. */
  get bound(): ReadonlySet<string> {
    return this.#bound;
  }

  /** Removes every address this binder added (the interface and the route stay). */
  async stop(): Promise<void> {
    for (const ip of [...this.#bound]) await this.unbind(ip);
  }
}
