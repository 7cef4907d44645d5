import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore, type Store } from "@capstan/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";

const SERVICES = "/api/v1/namespaces/default/services";
let dir: string;
let store: Store;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "capstan-allocation-"));
  store = await createSqliteStore({ path: join(dir, "state.db"), compactIntervalMs: 0 });
  // Two apiservers over one store with a small IP range: only the store can keep them from colliding.
  const services = { clusterIpRange: "10.0.0.0/28", nodePortRange: "30000-30019" };
  a = await startTestServer({ store, services });
  b = await startTestServer({ store, services });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

type Body = Record<string, unknown> & {
  spec: Record<string, unknown> & { ports: Record<string, unknown>[] };
};

function service(name: string, spec: Record<string, unknown>) {
  return { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } };
}

async function post(server: TestServer, name: string, spec: Record<string, unknown> = {}) {
  const response = await server.json("POST", SERVICES, service(name, spec));
  return { status: response.status, body: response.body as Body };
}

function causes(body: Record<string, unknown>): string[] {
  const details = body.details as { causes?: { field: string; message: string }[] } | undefined;
  return (details?.causes ?? []).map((cause) => `${cause.field}: ${cause.message}`);
}

describe("service allocation", () => {
  it("gives every service its own cluster IP, from either apiserver", async () => {
    const ips = new Set<string>();
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, index) => post(index % 2 ? a : b, `ip-${index}`)),
    );
    for (const { status, body } of created) {
      expect(status).toBe(201);
      const ip = body.spec.clusterIP as string;
      expect(ip).toMatch(/^10\.0\.0\.(\d+)$/);
      expect(body.spec.clusterIPs).toEqual([ip]);
      ips.add(ip);
    }
    expect(ips.size).toBe(10);
    for (let index = 0; index < 10; index++) await a.json("DELETE", `${SERVICES}/ip-${index}`);
  });

  it("honours a requested IP once, refuses it while held, frees it on delete", async () => {
    expect((await post(a, "dns", { clusterIP: "10.0.0.10" })).body.spec.clusterIP).toBe("10.0.0.10");
    const again = await post(b, "dns2", { clusterIP: "10.0.0.10" });
    expect(again.status).toBe(422);
    expect(causes(again.body)).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.10": failed to allocate IP 10.0.0.10: provided IP is already allocated',
    ]);
    const outside = await post(b, "dns3", { clusterIP: "10.1.0.10" });
    expect(causes(outside.body)[0]).toContain(
      "provided IP is not in the valid range. The range of valid IPs is 10.0.0.0/28",
    );
    expect((await a.json("DELETE", `${SERVICES}/dns`)).status).toBe(200);
    expect((await post(b, "dns2", { clusterIP: "10.0.0.10" })).status).toBe(201);
    await b.json("DELETE", `${SERVICES}/dns2`);
  });

  it("allocates no IP for headless and ExternalName services", async () => {
    expect((await post(a, "headless", { clusterIP: "None" })).body.spec.clusterIP).toBe("None");
    const external = await post(a, "ext", { type: "ExternalName", externalName: "db.example.com" });
    expect(external.status).toBe(201);
    expect(external.body.spec.clusterIP).toBeUndefined();
    await a.json("DELETE", `${SERVICES}/headless`);
    await a.json("DELETE", `${SERVICES}/ext`);
  });

  it("allocates, honours and refuses node ports, and frees them on type change", async () => {
    const web = await post(a, "np", {
      type: "NodePort",
      ports: [
        { name: "http", port: 80 },
        { name: "https", port: 443, nodePort: 30005 },
      ],
    });
    expect(web.status).toBe(201);
    const [http, https] = web.body.spec.ports;
    expect(http?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(http?.nodePort).toBeLessThanOrEqual(30019);
    expect(http?.targetPort).toBe(80);
    expect(https?.nodePort).toBe(30005);
    const clash = await post(b, "np2", { type: "LoadBalancer", ports: [{ port: 80, nodePort: 30005 }] });
    expect(causes(clash.body)).toEqual([
      "spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated",
    ]);
    const range = await post(b, "np3", { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] });
    expect(causes(range.body)[0]).toContain("The range of valid ports is 30000-30019");
    // A replace without node ports keeps them; a change to ClusterIP releases them.
    const kept = await b.json("PUT", `${SERVICES}/np`, {
      ...web.body,
      spec: {
        ...web.body.spec,
        ports: [
          { name: "http", port: 80 },
          { name: "https", port: 443 },
        ],
      },
    });
    expect((kept.body as Body).spec.ports.map((port) => port.nodePort)).toEqual([http?.nodePort, 30005]);
    const patched = await a.json(
      "PATCH",
      `${SERVICES}/np`,
      { spec: { type: "ClusterIP" } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.status).toBe(200);
    expect((patched.body as Body).spec.ports.map((port) => port.nodePort)).toEqual([undefined, undefined]);
    expect((await post(b, "np2", { type: "NodePort", ports: [{ port: 80, nodePort: 30005 }] })).status).toBe(
      201,
    );
    await a.json("DELETE", `${SERVICES}/np`);
    await a.json("DELETE", `${SERVICES}/np2`);
  });

  it("keeps the cluster IP immutable and releases it when the service becomes an ExternalName", async () => {
    const created = await post(a, "imm", { clusterIP: "10.0.0.3" });
    const moved = await a.json("PUT", `${SERVICES}/imm`, {
      ...created.body,
      spec: { ...created.body.spec, clusterIP: "10.0.0.4", clusterIPs: ["10.0.0.4"] },
    });
    expect(moved.status).toBe(422);
    expect(causes(moved.body)).toContain('spec.clusterIP: Invalid value: "10.0.0.4": field is immutable');
    const external = await a.json(
      "PATCH",
      `${SERVICES}/imm`,
      { spec: { type: "ExternalName", externalName: "db.example.com" } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(external.status).toBe(200);
    expect((external.body as Body).spec.clusterIP).toBeUndefined();
    expect((await post(b, "imm2", { clusterIP: "10.0.0.3" })).status).toBe(201);
    await a.json("DELETE", `${SERVICES}/imm`);
    await a.json("DELETE", `${SERVICES}/imm2`);
  });

  it("runs out with a clear error and recovers the freed addresses", async () => {
    const created = [];
    for (let index = 0; index < 14; index++) created.push(await post(a, `fill-${index}`));
    expect(created.every((response) => response.status === 201)).toBe(true);
    const full = await post(b, "one-too-many");
    expect(full.status).toBe(500);
    expect(full.body.message).toContain("range is full (10.0.0.0/28)");
    await a.json("DELETE", `${SERVICES}/fill-0`);
    expect((await post(b, "one-too-many")).body.spec.clusterIP).toBe(created[0]?.body.spec.clusterIP);
    for (let index = 1; index < 14; index++) await a.json("DELETE", `${SERVICES}/fill-${index}`);
    await a.json("DELETE", `${SERVICES}/one-too-many`);
  });
});
