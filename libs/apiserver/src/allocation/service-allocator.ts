import type { Service } from "@capstan/api";
import { ApiError, type FieldError, fieldError } from "@capstan/apimachinery";
import type { RangeAllocator } from "./range-allocator.js";
import type { ReservationOwner } from "./reservations.js";

/** The values a service holds: its cluster IP and its node ports. */
export interface HeldValues {
  readonly ips: readonly string[];
  readonly nodePorts: readonly string[];
}

/** A reservation made for a write, to undo if the write fails. */
interface Reserved {
  readonly allocator: RangeAllocator;
  readonly value: string;
}

/** What allocate() did: undo it if the write fails, settle it once the write is stored. */
export interface AllocationPlan {
  /** Releases what this write reserved (the write failed). */
  rollback(): Promise<void>;
  /** Releases what the old object held and the new one no longer does (the write succeeded). */
  commit(): Promise<void>;
}

/** Whether a service of this type has node ports (LoadBalancer ones unless allocateLoadBalancerNodePorts is false). */
export function wantsNodePorts(service: Service): boolean {
  const spec = service.spec;
  if (spec?.type === "NodePort") return true;
  return spec?.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false;
}

/** Whether a service of this type and clusterIP gets a virtual IP. */
export function wantsClusterIp(service: Service): boolean {
  return service.spec?.type !== "ExternalName" && service.spec?.clusterIp !== "None";
}

/** The IPs and node ports a stored service holds. */
export function heldValues(service: Service | undefined): HeldValues {
  if (!service?.spec) return { ips: [], nodePorts: [] };
  const ips = wantsClusterIp(service) && service.spec.clusterIp !== "" ? [service.spec.clusterIp] : [];
  const nodePorts = wantsNodePorts(service)
    ? [
        ...new Set(
          service.spec.ports.filter((port) => port.nodePort > 0).map((port) => String(port.nodePort)),
        ),
      ]
    : [];
  return { ips, nodePorts };
}

/**
 * Allocates a service's cluster IP and node ports from their ranges, as Kubernetes' service REST storage
 * does: empty values are allocated (and written into the service), requested ones are reserved if free
 * (422 otherwise), values the old object already held are kept.
 */
export class ServiceAllocator {
  constructor(
    readonly ips: RangeAllocator,
    readonly nodePorts: RangeAllocator,
  ) {}

  /** Fills and reserves the service's values; throws a 422 ApiError when one cannot be had. */
  async allocate(service: Service, old: Service | undefined): Promise<AllocationPlan> {
    const meta = service.metadata;
    const owner: ReservationOwner = {
      namespace: meta?.namespace ?? "",
      name: meta?.name ?? "",
      uid: meta?.uid ?? "",
    };
    const before = heldValues(old);
    const reserved: Reserved[] = [];
    const rollback = async () => {
      for (const { allocator, value } of reserved) await allocator.release(value, owner);
    };
    try {
      const errors = [
        ...(await this.#allocateIp(service, owner, before, reserved)),
        ...(await this.#allocateNodePorts(service, owner, before, reserved)),
      ];
      if (errors.length > 0) throw ApiError.invalid("Service", owner.name, errors);
    } catch (error) {
      await rollback();
      throw error;
    }
    const after = heldValues(service);
    return {
      rollback,
      commit: async () => {
        for (const ip of before.ips) if (!after.ips.includes(ip)) await this.ips.release(ip, owner);
        for (const port of before.nodePorts)
          if (!after.nodePorts.includes(port)) await this.nodePorts.release(port, owner);
      },
    };
  }

  /** Releases everything a deleted service held. */
  async release(service: Service): Promise<void> {
    const meta = service.metadata;
    const owner = { namespace: meta?.namespace ?? "", name: meta?.name ?? "", uid: meta?.uid ?? "" };
    const held = heldValues(service);
    for (const ip of held.ips) await this.ips.release(ip, owner);
    for (const port of held.nodePorts) await this.nodePorts.release(port, owner);
  }

  async #allocateIp(
    service: Service,
    owner: ReservationOwner,
    before: HeldValues,
    reserved: Reserved[],
  ): Promise<FieldError[]> {
    const spec = service.spec;
    if (!spec || !wantsClusterIp(service)) return [];
    const path = "spec.clusterIPs[0]";
    if (spec.clusterIp === "") {
      const ip = await this.ips.allocate(owner);
      if (ip === undefined)
        throw ApiError.internal(`failed to allocate a serviceIP: range is full (${this.describeIps()})`);
      reserved.push({ allocator: this.ips, value: ip });
      spec.clusterIp = ip;
      spec.clusterIps = [ip];
      return [];
    }
    if (before.ips.includes(spec.clusterIp)) return [];
    if (!this.ips.contains(spec.clusterIp))
      return [
        fieldError.invalid(
          path,
          spec.clusterIp,
          `failed to allocate IP ${spec.clusterIp}: provided IP is not in the valid range. The range of valid IPs is ${this.describeIps()}`,
        ),
      ];
    const outcome = await this.ips.reserve(spec.clusterIp, owner);
    if (outcome === "taken")
      return [
        fieldError.invalid(
          path,
          spec.clusterIp,
          `failed to allocate IP ${spec.clusterIp}: provided IP is already allocated`,
        ),
      ];
    if (outcome === "reserved") reserved.push({ allocator: this.ips, value: spec.clusterIp });
    return [];
  }

  async #allocateNodePorts(
    service: Service,
    owner: ReservationOwner,
    before: HeldValues,
    reserved: Reserved[],
  ): Promise<FieldError[]> {
    if (!service.spec || !wantsNodePorts(service)) return [];
    const errors: FieldError[] = [];
    const chosen = new Set<string>();
    for (const [index, port] of service.spec.ports.entries()) {
      const path = `spec.ports[${index}].nodePort`;
      if (port.nodePort === 0) {
        const value = await this.nodePorts.allocate(owner, chosen);
        if (value === undefined)
          throw ApiError.internal(`failed to allocate a nodePort: range is full (${this.describePorts()})`);
        reserved.push({ allocator: this.nodePorts, value });
        port.nodePort = Number(value);
        chosen.add(value);
        continue;
      }
      const value = String(port.nodePort);
      chosen.add(value);
      if (before.nodePorts.includes(value)) continue;
      if (!this.nodePorts.contains(value)) {
        errors.push(
          fieldError.invalid(
            path,
            port.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${this.describePorts()}`,
          ),
        );
        continue;
      }
      const outcome = await this.nodePorts.reserve(value, owner);
      if (outcome === "taken")
        errors.push(fieldError.invalid(path, port.nodePort, "provided port is already allocated"));
      if (outcome === "reserved") reserved.push({ allocator: this.nodePorts, value });
    }
    return errors;
  }

  describeIps(): string {
    return this.ips.describe;
  }

  describePorts(): string {
    return this.nodePorts.describe;
  }
}
