import type { Store } from "@capstan/store";
import { type IpRange, parseIpRange } from "./ip-range.js";
import { ipStaticBand, portStaticBand } from "./pick.js";
import { parsePortRange } from "./port-range.js";
import { RangeAllocator } from "./range-allocator.js";
import { Reservations } from "./reservations.js";
import { ServiceAllocator } from "./service-allocator.js";

/** Kubernetes' defaults (--service-cluster-ip-range, --service-node-port-range). */
export const DEFAULT_SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";
export const DEFAULT_SERVICE_NODE_PORT_RANGE = "30000-32767";

/** Store key prefixes of the reservations: outside `/registry/`, so no watch or change feed sees them. */
const IP_PREFIX = "/capstan/allocations/serviceips/";
const NODE_PORT_PREFIX = "/capstan/allocations/nodeports/";

/** Where services get their cluster IPs and node ports. */
export interface ServiceAllocationOptions {
  /** IPv4 CIDR; default 10.96.0.0/12. */
  readonly clusterIpRange?: string;
  /** `MIN-MAX`; default 30000-32767. */
  readonly nodePortRange?: string;
}

/** Builds the allocator of a store; throws a TypeError for a malformed range. */
export function createServiceAllocator(
  store: Store,
  options: ServiceAllocationOptions = {},
): ServiceAllocator {
  const ips: IpRange = parseIpRange(options.clusterIpRange ?? DEFAULT_SERVICE_CLUSTER_IP_RANGE);
  const ports = parsePortRange(options.nodePortRange ?? DEFAULT_SERVICE_NODE_PORT_RANGE);
  const portRange = {
    size: ports.size,
    at: (offset: number) => String(ports.min + offset),
    offsetOf: (value: string) => {
      const port = Number(value);
      return /^\d+$/.test(value) && port >= ports.min && port <= ports.max ? port - ports.min : undefined;
    },
  };
  return new ServiceAllocator(
    new RangeAllocator(ips, new Reservations(store, IP_PREFIX), ipStaticBand(ips.size), ips.cidr),
    new RangeAllocator(
      portRange,
      new Reservations(store, NODE_PORT_PREFIX),
      portStaticBand(ports.size),
      ports.text,
    ),
  );
}
