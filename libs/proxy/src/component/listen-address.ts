import { isIPv4 } from "node:net";

/** Parses `10.96.0.10` or `127.0.0.1:1053` (port `defaultPort` when absent); throws a TypeError otherwise. */
export function parseListenAddress(text: string, defaultPort: number): { host: string; port: number } {
  const [host = "", portText, extra] = text.split(":");
  const port = portText === undefined ? defaultPort : Number(portText);
  if (extra !== undefined || !isIPv4(host) || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new TypeError(
      `invalid listen address ${JSON.stringify(text)}: want an IPv4 address, optionally :port`,
    );
  return { host, port };
}

/** Whether an IPv4 address lies in an IPv4 CIDR. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base = "", bitsText = ""] = cidr.split("/");
  const bits = Number(bitsText);
  if (!isIPv4(ip) || !isIPv4(base) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const toNumber = (address: string) =>
    address.split(".").reduce((value, part) => value * 256 + Number(part), 0);
  const size = 2 ** (32 - bits);
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}
