// @ts-check
// A TCP round-robin balancer for the apiservers of the compose deployment. Plain JavaScript with type checks
// in JSDoc, so the image runs it with no build step. The TLS stream passes through untouched: kubectl
// verifies the apiserver's own certificate and its token reaches the apiserver.
import { lookup } from "node:dns/promises";
import { createConnection, createServer } from "node:net";

/** @typedef {{ host: string, port: number }} Backend */
/** @typedef {{ name: string, port: number }} BackendName */

/** How long a backend that refused a connection is skipped, unless no other one is left. */
const COOLDOWN_MS = 5_000;
/** A backend that does not accept within this time counts as failed. */
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Every address each name resolves to (Docker's DNS answers a service name with one address per replica).
 * A name that does not resolve contributes nothing: replicas come and go.
 * @param {readonly BackendName[]} names
 * @returns {Promise<Backend[]>}
 */
export async function resolveBackends(names) {
  const found = await Promise.all(
    names.map(({ name, port }) =>
      lookup(name, { all: true, family: 4 })
        .then((addresses) => addresses.map(({ address }) => ({ host: address, port })))
        .catch(() => []),
    ),
  );
  return found.flat().sort((a, b) => key(a).localeCompare(key(b)));
}

/** @param {Backend} backend */
const key = (backend) => `${backend.host}:${backend.port}`;

/**
 * Parses `host:port`.
 * @param {string} text
 * @returns {BackendName}
 */
export function parseBackendName(text) {
  const match = /^([^:\s]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new RangeError(`backend must be host:port, got "${text}"`);
  }
  return { name: match[1], port };
}

/**
 * A TCP balancer: each accepted connection goes to the next backend in round-robin order; when a backend
 * refuses or times out, the next one is tried (each at most once per connection) and the failed one is
 * skipped for a while. The backend set is re-resolved every `refreshMs` and before a connection when empty.
 * @param {{ resolve: () => Promise<Backend[]>, refreshMs: number, log: (fields: object, msg: string) => void }} options
 */
export function createTcpBalancer(options) {
  /** @type {Backend[]} */
  let backends = [];
  let next = 0;
  /** @type {Map<string, number>} */
  const failedUntil = new Map();

  async function refresh() {
    const found = await options.resolve();
    if (found.map(key).join() !== backends.map(key).join()) {
      options.log({ backends: found.map(key) }, "backends changed");
    }
    backends = found;
  }

  /** The order to try backends in for one connection: healthy ones from the cursor on, then cooling ones. */
  function candidates() {
    const now = Date.now();
    const order = backends
      .map((_, i) => backends[(next + i) % backends.length])
      .filter((b) => b !== undefined);
    next = backends.length === 0 ? 0 : (next + 1) % backends.length;
    const healthy = order.filter((b) => (failedUntil.get(key(b)) ?? 0) <= now);
    return [...healthy, ...order.filter((b) => !healthy.includes(b))];
  }

  /**
   * @param {Backend} backend
   * @returns {Promise<import("node:net").Socket>}
   */
  function connect(backend) {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: backend.host, port: backend.port });
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error("connect timeout")));
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.setTimeout(0);
        socket.off("error", reject);
        resolve(socket);
      });
    });
  }

  /** @param {import("node:net").Socket} client */
  async function handle(client) {
    client.on("error", () => client.destroy());
    client.pause();
    if (backends.length === 0) await refresh().catch(() => {});
    for (const backend of candidates()) {
      if (client.destroyed) return;
      try {
        const upstream = await connect(backend);
        failedUntil.delete(key(backend));
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.on("close", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        return;
      } catch (error) {
        failedUntil.set(key(backend), Date.now() + COOLDOWN_MS);
        options.log({ backend: key(backend), err: String(error) }, "backend failed, trying the next");
      }
    }
    options.log({}, "no backend accepted the connection");
    client.destroy();
  }

  /** @type {Set<import("node:net").Socket>} */
  const open = new Set();
  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    void handle(client);
  });
  /** @type {NodeJS.Timeout | undefined} */
  let timer;

  return {
    /**
     * Resolves the backends, listens, and re-resolves periodically until `close`.
     * @param {string} host
     * @param {number} port
     * @returns {Promise<number>} the bound port
     */
    async listen(host, port) {
      await refresh();
      timer = setInterval(() => void refresh().catch(() => {}), options.refreshMs);
      await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(undefined));
      });
      const address = server.address();
      return typeof address === "object" && address ? address.port : port;
    },
    /** Stops accepting and cuts open connections (clients reconnect to another balancer or retry). */
    close() {
      clearInterval(timer);
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        for (const socket of open) socket.destroy();
      });
    },
  };
}
