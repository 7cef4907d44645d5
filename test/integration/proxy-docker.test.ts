import { Resolver } from "node:dns/promises";
import { docker, ensureTestImage, freePort, removeLabelledContainers, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteInterface,
  hasUnreachableRoute,
  httpGet,
  type RunningProxy,
  runLabel,
  startProxy,
  startWebContainers,
  type WebContainer,
} from "./proxy-fixture.js";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson } from "./support/http.js";

/** A range of its own, routed unreachable by the proxy: nothing sent to it can leave the machine. */
const RANGE = "10.250.0.0/24";
const DNS_IP = "10.250.0.10";
const INTERFACE = `cpt${process.pid % 100_000}`;
const SERVICES = "/api/v1/namespaces/default/services";
const label = runLabel("proxy");
let api: ApiServerFixture;
let proxy: RunningProxy;
let web: WebContainer[];
let nodePort: number;
let clusterIp: string;

function endpointsFor(containers: readonly WebContainer[]) {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "web", namespace: "default" },
    subsets: [{ addresses: containers.map((c) => ({ ip: c.ip })), ports: [{ port: 8080, protocol: "TCP" }] }],
  };
}

async function setEndpoints(containers: readonly WebContainer[]): Promise<void> {
  const current = await requestJson(api.url, "GET", "/api/v1/namespaces/default/endpoints/web");
  const body = endpointsFor(containers);
  const response =
    current.status === 404
      ? await requestJson(api.url, "POST", "/api/v1/namespaces/default/endpoints", body)
      : await requestJson(api.url, "PUT", "/api/v1/namespaces/default/endpoints/web", body);
  expect(response.status).toBeLessThan(300);
}

/** The hostnames answering `count` requests through the node port, each on a new connection. */
async function answers(count: number, host = "127.0.0.1", port = nodePort): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push(await httpGet(host, port));
  return seen;
}

beforeAll(async () => {
  const image = await ensureTestImage();
  [api, web] = await Promise.all([
    startApiServer({ serviceClusterIpRange: RANGE }),
    startWebContainers(image, label, "web", 3),
  ]);
  const created = await requestJson(api.url, "POST", SERVICES, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  expect(created.status).toBe(201);
  const spec = (created.body as { spec: { clusterIP: string; ports: { nodePort: number }[] } }).spec;
  clusterIp = spec.clusterIP;
  nodePort = spec.ports[0]?.nodePort ?? 0;
  await setEndpoints(web);
  proxy = await startProxy({
    apiserverGrpc: api.grpcAddress,
    clusterIps: true,
    clusterIpInterface: INTERFACE,
    serviceClusterIpRange: RANGE,
    clusterDns: [`127.0.0.1:${await freePort()}`, DNS_IP],
  });
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await deleteInterface(INTERFACE);
  await removeLabelledContainers(label);
  await api?.stop();
}, 60_000);

describe.sequential("the proxy in front of real containers", () => {
  it("spreads requests to the node port over all three containers", async () => {
    expect(new Set(await answers(9))).toEqual(new Set(web.map((c) => c.name)));
  });

  it("stops sending to an endpoint within a second of its removal", async () => {
    const [kept] = web;
    await setEndpoints(web.slice(0, 1));
    const removedAt = Date.now();
    await waitFor(async () => (await answers(6)).every((name) => name === kept?.name), {
      timeoutMs: 5_000,
      description: "traffic only to the remaining endpoint",
    });
    expect(Date.now() - removedAt).toBeLessThan(1_500);
    await setEndpoints(web);
    await waitFor(async () => new Set(await answers(6)).size === 3, { description: "all three again" });
  });

  it("keeps a client on one container with ClientIP affinity", async () => {
    const patched = await requestJson(
      api.url,
      "PATCH",
      `${SERVICES}/web`,
      { spec: { sessionAffinity: "ClientIP" } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.status).toBe(200);
    await waitFor(async () => new Set(await answers(6)).size === 1, { description: "sticky answers" });
    expect(new Set(await answers(10)).size).toBe(1);
  });

  it("serves the cluster IP on the host, only behind the unreachable route", async () => {
    expect(proxy.endpoints.clusterIps).toEqual({ enabled: true });
    expect(await hasUnreachableRoute(RANGE)).toBe(true);
    expect(web.map((c) => c.name)).toContain(await httpGet(clusterIp, 80));
  });

  it("answers cluster DNS over UDP on loopback", async () => {
    const resolver = new Resolver({ timeout: 2_000, tries: 1 });
    const loopback = proxy.endpoints.dns.find((address) => address.startsWith("127.0.0.1:"));
    resolver.setServers([loopback ?? ""]);
    expect(await resolver.resolve4("web.default.svc.cluster.local")).toEqual([clusterIp]);
    await expect(resolver.resolve4("nope.default.svc.cluster.local")).rejects.toMatchObject({
      code: "ENOTFOUND",
    });
  });

  it("answers a container's nslookup on the cluster DNS IP, and its wget to the cluster IP", async () => {
    expect(await hasUnreachableRoute(RANGE)).toBe(true);
    const client = web[2]?.id ?? "";
    const lookup = await docker(["exec", client, "nslookup", "web.default.svc.cluster.local", DNS_IP]);
    expect(lookup).toContain(`Address: ${clusterIp}`);
    const body = await docker(["exec", client, "wget", "-q", "-O", "-", `http://${clusterIp}:80/`]);
    expect(web.map((c) => c.name)).toContain(body.trim());
  });

  it("reports connections and bytes per service on /metrics", async () => {
    const text = await (await fetch(`${proxy.endpoints.health}/metrics`)).text();
    expect(text).toMatch(
      /capstan_proxy_connections_total\{service="default\/web:",protocol="TCP",component="proxy"\} [1-9]/,
    );
    expect(text).toMatch(
      /capstan_proxy_bytes_total\{service="default\/web:",direction="out",component="proxy"\} [1-9]/,
    );
    expect((await fetch(`${proxy.endpoints.health}/readyz`)).status).toBe(200);
  });
});
