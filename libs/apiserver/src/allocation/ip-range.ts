import { isIPv4 } from "node:net";

/** An IPv4 service range: the addresses that may be allocated (network and broadcast addresses left out). */
export interface IpRange {
  /** The range as given, e.g. `10.96.0.0/12`. */
  readonly cidr: string;
  /** How many addresses can be allocated. */
  readonly size: number;
  /** The address at an offset in [0, size). */
  at(offset: number): string;
  /** The offset of an address, or undefined when it lies outside the allocatable addresses. */
  offsetOf(ip: string): number | undefined;
}

/** The smallest range accepted: a /30 leaves two usable addresses. */
const MAX_PREFIX = 30;
/** The widest range accepted (a /8 already holds 16 million addresses). */
const MIN_PREFIX = 8;

function toNumber(ip: string): number {
  return ip.split(".").reduce((value, part) => value * 256 + Number(part), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Parses an IPv4 CIDR such as `10.96.0.0/12`. Throws a TypeError naming the problem for anything else
 * (IPv6 service ranges are not supported yet).
 */
export function parseIpRange(cidr: unknown): IpRange {
  if (typeof cidr !== "string")
    throw new TypeError(`a service IP range must be a string, got ${typeof cidr}`);
  const [address = "", prefixText = "", extra] = cidr.split("/");
  const prefix = Number(prefixText);
  if (extra !== undefined || !isIPv4(address) || !/^\d+$/.test(prefixText))
    throw new TypeError(
      `invalid service IP range ${JSON.stringify(cidr)}: want an IPv4 CIDR like 10.96.0.0/12`,
    );
  if (prefix < MIN_PREFIX || prefix > MAX_PREFIX)
    throw new TypeError(
      `invalid service IP range ${JSON.stringify(cidr)}: the prefix must be between /${MIN_PREFIX} and /${MAX_PREFIX}`,
    );
  const blockSize = 2 ** (32 - prefix);
  const network = Math.floor(toNumber(address) / blockSize) * blockSize;
  if (network !== toNumber(address))
    throw new TypeError(
      `invalid service IP range ${JSON.stringify(cidr)}: host bits are set (did you mean ${toAddress(network)}/${prefix}?)`,
    );
  const first = network + 1;
  const size = blockSize - 2;
  return {
    cidr,
    size,
    at(offset) {
      if (!Number.isInteger(offset) || offset < 0 || offset >= size)
        throw new RangeError(`offset ${offset} is outside ${cidr}`);
      return toAddress(first + offset);
    },
    offsetOf(ip) {
      if (!isIPv4(ip)) return undefined;
      const offset = toNumber(ip) - first;
      return offset >= 0 && offset < size ? offset : undefined;
    },
  };
}
