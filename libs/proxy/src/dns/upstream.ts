import { createSocket } from "node:dgram";
import { readFile } from "node:fs/promises";
import { isIPv4 } from "node:net";

/** How long an upstream resolver has to answer a forwarded query. */
const UPSTREAM_TIMEOUT_MS = 2_000;

/** The IPv4 nameservers of a resolv.conf, leaving out `exclude` (the cluster DNS itself). */
export async function readNameservers(path: string, exclude: readonly string[]): Promise<string[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((ip): ip is string => ip !== undefined && isIPv4(ip) && !exclude.includes(ip));
}

/** Sends a query to an upstream resolver (port 53) and resolves with its raw reply; rejects on timeout. */
export function forwardQuery(query: Buffer, server: string): Promise<Buffer> {
  const socket = createSocket("udp4");
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`upstream ${server} did not answer`)),
      UPSTREAM_TIMEOUT_MS,
    );
    socket.once("message", (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.send(query, 53, server);
  }).finally(() => socket.close());
}
