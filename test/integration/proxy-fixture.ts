import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import {
  createProxyComponent,
  type ProxyComponent,
  type ProxyEndpoints,
  type proxyConfig,
} from "@capstan/proxy";
import type { ConfigValues } from "@capstan/runtime";
import { createLogger } from "@capstan/runtime";
import { docker, freePort } from "@capstan/testing";

/** A busybox container serving its hostname over HTTP on port 8080. */
export interface WebContainer {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
}

/** A label value unique to this test run, carried by every container it creates. */
export function runLabel(prefix: string): string {
  return `capstan-test=${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Starts `count` web containers (in parallel) on the default bridge, each answering with its hostname. */
export async function startWebContainers(
  image: string,
  label: string,
  prefix: string,
  count: number,
): Promise<WebContainer[]> {
  const script = "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www";
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const name = `${prefix}-${index}`;
      const id = await docker(["run", "-d", "--label", label, "--hostname", name, image, "sh", "-c", script]);
      const ip = await docker(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", id]);
      return { id, name, ip };
    }),
  );
}

/** GET http://host:port/ on a new connection; resolves with the trimmed body. */
export function httpGet(host: string, port: number, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: "/", agent: false, timeout: timeoutMs }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve(body.trim()));
      response.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${host}:${port} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** Whether the kernel has an `unreachable` route for exactly this range (checked before any cluster IP is used). */
export function hasUnreachableRoute(range: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile("ip", ["route", "show", "type", "unreachable"], (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.split("\n").some((line) => line.trim().startsWith(`unreachable ${range}`)));
    });
  });
}

/** Removes a dummy interface a test created (its addresses go with it; the unreachable route stays). */
export function deleteInterface(name: string): Promise<void> {
  return new Promise((resolve) => execFile("ip", ["link", "del", name], () => resolve()));
}

export interface RunningProxy {
  readonly component: ProxyComponent;
  readonly endpoints: ProxyEndpoints;
  stop(): Promise<void>;
}

/** Test settings: loopback node ports, no DNS forwarding (no query may leave the machine), free ports. */
export async function startProxy(
  settings: Partial<ConfigValues<typeof proxyConfig>> & { apiserverGrpc: string },
): Promise<RunningProxy> {
  const config: ConfigValues<typeof proxyConfig> = {
    natsUrl: [],
    nodePortAddresses: ["127.0.0.1"],
    clusterIps: false,
    clusterIpInterface: "capstan0",
    serviceClusterIpRange: "10.96.0.0/12",
    clusterDns: [`127.0.0.1:${await freePort()}`],
    clusterDomain: "cluster.local",
    dnsForward: false,
    resolvConf: "/etc/resolv.conf",
    udpIdleTimeout: 5_000,
    syncPeriod: 5_000,
    healthHost: "127.0.0.1",
    healthPort: 0,
    ...settings,
  };
  const logger = createLogger({ component: "proxy-test", level: process.env.CAPSTAN_TEST_LOG ?? "silent" });
  const component = createProxyComponent(config, logger);
  const controller = new AbortController();
  const running = component.start(controller.signal);
  running.catch(() => {});
  const endpoints = await Promise.race([
    component.ready(),
    running.then(() => {
      throw new Error("the proxy stopped while starting");
    }),
  ]);
  return {
    component,
    endpoints,
    async stop() {
      controller.abort();
      await running;
    },
  };
}
