import { isIPv6 } from "node:net";
import type { Endpoints } from "@capstan/api";

/** kubectl shows at most this many endpoints, then `+ N more...`. */
const SHOWN = 3;

function hostPort(ip: string, port: number): string {
  return isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The ENDPOINTS cell: ready `ip:port` pairs (bare IPs for subsets without ports), the first three, then
 * `+ N more...`; `<none>` when there are none.
 */
export function formatEndpoints(endpoints: Endpoints): string {
  const shown: string[] = [];
  let total = 0;
  for (const subset of endpoints.subsets) {
    const pairs =
      subset.ports.length === 0
        ? subset.addresses.map((address) => address.ip)
        : subset.ports.flatMap((port) =>
            subset.addresses.map((address) => hostPort(address.ip, port.port ?? 0)),
          );
    total += pairs.length;
    for (const pair of pairs) if (shown.length < SHOWN) shown.push(pair);
  }
  if (total > shown.length) return `${shown.join(",")} + ${total - shown.length} more...`;
  return shown.length === 0 ? "<none>" : shown.join(",");
}
