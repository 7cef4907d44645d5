import { createSocket } from "node:dgram";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, createMetricsRegistry } from "@capstan/runtime";
import { freePort } from "@capstan/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createProxyMetrics } from "./forward/proxy-metrics.js";
import type { Backend, ServicePortSpec } from "./model/service-ports.js";
import { Proxier } from "./proxier.js";

const logger = createLogger({ component: "proxy-test", level: "silent" });
const registry = createMetricsRegistry({ component: "proxy", processMetrics: false });
const metrics = createProxyMetrics(registry);
const servers: Server[] = [];
const backends: Backend[] = [];
let proxier: Proxier;
let nodePort: number;

/** An HTTP server on loopback that answers with its name. */
async function backend(name: string): Promise<Backend> {
  const server = createServer((_, response) => response.end(name));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { ip: "127.0.0.1", port: (server.address() as AddressInfo).port };
}

function spec(list: readonly Backend[], extra: Partial<ServicePortSpec> = {}): ServicePortSpec {
  return {
    id: "shop/web:",
    namespace: "shop",
    name: "web",
    portName: "",
    protocol: "TCP",
    clusterIp: undefined,
    port: 80,
    nodePort,
    affinityTimeoutMs: 0,
    backends: list,
    ...extra,
  };
}

function get(agent: Agent | false = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port: nodePort, agent }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve(body));
    });
    request.on("error", reject);
    request.end();
  });
}

beforeAll(async () => {
  for (const name of ["a", "b", "c"]) backends.push(await backend(name));
});

afterAll(async () => {
  for (const server of servers) server.close();
});

afterEach(async () => {
  await proxier?.close(0);
});

async function start(specs: ServicePortSpec[]): Promise<void> {
  proxier = new Proxier({ nodePortAddresses: ["127.0.0.1"], udpIdleMs: 1_000, metrics, logger });
  await proxier.sync(specs);
}

describe("Proxier over loopback backends", () => {
  it("spreads new connections over every backend and counts them", async () => {
    nodePort = await freePort();
    await start([spec(backends)]);
    expect(proxier.listening).toEqual([`TCP/127.0.0.1:${nodePort}`]);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get());
    expect(answers.sort()).toEqual(["a", "a", "b", "b", "c", "c"]);
    const text = await registry.metrics();
    expect(text).toMatch(
      /capstan_proxy_connections_total\{service="shop\/web:",protocol="TCP",component="proxy"\} \d+/,
    );
  });

  it("tries another backend when one refuses", async () => {
    nodePort = await freePort();
    const dead = { ip: "127.0.0.1", port: await freePort() };
    await start([spec([dead, ...backends.slice(0, 1), dead])]);
    for (let i = 0; i < 4; i++) expect(await get()).toBe("a");
  });

  it("drains a removed backend: no new connections, the open one keeps working", async () => {
    nodePort = await freePort();
    await start([spec(backends.slice(0, 2))]);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const pinned = await get(agent);
    const remaining = backends.slice(0, 2).filter((_, index) => ["a", "b"][index] !== pinned);
    await proxier.sync([spec(remaining)]);
    const others = new Set<string>();
    for (let i = 0; i < 4; i++) others.add(await get());
    expect(others).toEqual(new Set([pinned === "a" ? "b" : "a"]));
    expect(await get(agent)).toBe(pinned);
    agent.destroy();
  });

  it("stops listening when the service goes away and frees the port", async () => {
    nodePort = await freePort();
    await start([spec(backends)]);
    await proxier.sync([]);
    expect(proxier.listening).toEqual([]);
    await expect(get()).rejects.toThrow(/ECONNREFUSED/);
  });

  it("forwards UDP datagrams and their replies", async () => {
    nodePort = await freePort();
    const echo = createSocket("udp4");
    echo.on("message", (message, client) =>
      echo.send(Buffer.from(`echo ${message}`), client.port, client.address),
    );
    await new Promise<void>((resolve) => echo.bind(0, "127.0.0.1", resolve));
    await start([
      spec([{ ip: "127.0.0.1", port: echo.address().port }], { protocol: "UDP", id: "shop/dns:" }),
    ]);
    const client = createSocket("udp4");
    const reply = new Promise<string>((resolve) =>
      client.once("message", (message) => resolve(message.toString())),
    );
    client.send("ping", nodePort, "127.0.0.1");
    expect(await reply).toBe("echo ping");
    client.close();
    echo.close();
  });
});
