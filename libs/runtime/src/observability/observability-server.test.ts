import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { freePort } from "@capstan/testing";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import type { HealthCheck } from "./health-checks.js";
import { Counter, createMetricsRegistry } from "./metrics.js";
import { createObservabilityHandler } from "./observability-handler.js";
import { createObservabilityServer, type ObservabilityServerOptions } from "./observability-server.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Starts a real server on a loopback port and returns its base URL. */
async function serve(options: Omit<ObservabilityServerOptions, "port">): Promise<string> {
  const server = createObservabilityServer({ port: 0, ...options });
  const controller = new AbortController();
  const running = server.start(controller.signal);
  stops.push(async () => {
    controller.abort();
    await running;
  });
  return `http://127.0.0.1:${await server.listening()}`;
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    body: await response.text(),
    type: response.headers.get("content-type") ?? "",
  };
}

function switchable(name: string): HealthCheck & { healthy: boolean } {
  const check = {
    name,
    healthy: true,
    check() {
      if (!check.healthy) throw new Error(`${name} is down`);
    },
  };
  return check;
}

describe("observability server", () => {
  it("answers ok on /healthz, /livez and /readyz while every check passes", async () => {
    const base = await serve({ checks: { live: [switchable("loop")], ready: [switchable("store")] } });
    for (const path of ["/healthz", "/livez", "/readyz"]) {
      expect(await get(base + path)).toMatchObject({ status: 200, body: "ok\n" });
    }
  });

  it("lists checks like Kubernetes with ?verbose and fails readiness only for a readiness check", async () => {
    const store = switchable("store");
    const base = await serve({ checks: { live: [switchable("loop")], ready: [store] } });
    expect((await get(`${base}/readyz?verbose`)).body).toBe(
      "[+]ping ok\n[+]loop ok\n[+]store ok\nreadyz check passed\n",
    );
    store.healthy = false;
    expect(await get(`${base}/readyz`)).toEqual({
      status: 500,
      type: "text/plain; charset=utf-8",
      body: "[+]ping ok\n[+]loop ok\n[-]store failed: reason withheld\nreadyz check failed\n",
    });
    expect((await get(`${base}/livez?verbose`)).body).toBe("[+]ping ok\n[+]loop ok\nlivez check passed\n");
    expect((await get(`${base}/healthz`)).status).toBe(500);
  });

  it("runs a single check by path and skips excluded ones", async () => {
    const store = switchable("store");
    store.healthy = false;
    const base = await serve({ checks: { ready: [store] } });
    expect(await get(`${base}/readyz/ping`)).toMatchObject({ status: 200, body: "ok\n" });
    expect(await get(`${base}/readyz/store`)).toMatchObject({
      status: 500,
      body: "internal server error: store check failed\n",
    });
    expect(await get(`${base}/readyz/nope`)).toMatchObject({ status: 404 });
    expect(await get(`${base}/readyz?exclude=store&verbose`)).toMatchObject({
      status: 200,
      body: "[+]ping ok\n[+]store excluded: ok\nreadyz check passed\n",
    });
  });

  it("fails a check that hangs past the timeout", async () => {
    const hanging: HealthCheck = { name: "slow", check: () => new Promise(() => {}) };
    const base = await serve({ checks: { ready: [hanging] }, checkTimeoutMs: 50 });
    expect((await get(`${base}/readyz`)).status).toBe(500);
  });

  it("serves Prometheus metrics with the component label and process metrics", async () => {
    const registry = createMetricsRegistry({ component: "scheduler" });
    const counter = new Counter({ name: "capstan_test_total", help: "test", registers: [registry] });
    counter.inc(3);
    const base = await serve({ registry });
    const { status, body, type } = await get(`${base}/metrics`);
    expect(status).toBe(200);
    expect(type).toContain("text/plain");
    expect(body).toContain('capstan_test_total{component="scheduler"} 3');
    expect(body).toMatch(/process_cpu_user_seconds_total\{component="scheduler"\} /);
  });

  it("answers 404 on other paths and 405 on other methods", async () => {
    const base = await serve({});
    expect((await get(`${base}/metrics`)).status).toBe(404);
    expect((await get(`${base}/healthz/ping/extra`)).status).toBe(404);
    expect((await get(`${base}/livez`, { method: "POST" })).status).toBe(405);
    expect(await get(`${base}/livez`, { method: "HEAD" })).toMatchObject({ status: 200, body: "" });
  });

  it("stops listening when its signal aborts", async () => {
    const port = await freePort();
    const server = createObservabilityServer({ port });
    const controller = new AbortController();
    const running = server.start(controller.signal);
    expect(await server.listening()).toBe(port);
    expect((await get(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    controller.abort();
    await running;
    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
  });

  it("rejects when the port is taken, and rejects bad options with ConfigError", async () => {
    const first = createObservabilityServer({ port: 0 });
    const controller = new AbortController();
    const running = first.start(controller.signal);
    const port = await first.listening();
    const second = createObservabilityServer({ port });
    await expect(second.start(new AbortController().signal)).rejects.toThrow(/EADDRINUSE/);
    await expect(second.listening()).rejects.toThrow(/EADDRINUSE/);
    controller.abort();
    await running;
    expect(() => createObservabilityServer({ port: 70_000 })).toThrow(ConfigError);
    expect(() =>
      createObservabilityServer({ port: 1, checks: { live: [{ name: "ping", check() {} }] } }),
    ).toThrow("health check ping is defined twice");
    expect(() => createMetricsRegistry({ component: "" })).toThrow(ConfigError);
  });
});

describe("createObservabilityHandler", () => {
  it("serves its paths inside an existing server and leaves the others alone", async () => {
    const handle = createObservabilityHandler({});
    const server = createServer((req, res) => {
      if (handle(req, res)) return;
      res.end("app\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await get(`${base}/readyz`)).body).toBe("ok\n");
    expect((await get(`${base}/api/v1`)).body).toBe("app\n");
    expect((await get(`${base}/healthzz`)).body).toBe("app\n");
  });
});
