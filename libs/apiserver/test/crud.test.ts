import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIGMAPS, configMap, DEPLOYMENTS, deployment, PODS, pod } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

type Meta = {
  name: string;
  resourceVersion: string;
  uid: string;
  generation?: number;
  creationTimestamp: string;
  finalizers?: string[];
  annotations?: Record<string, string>;
};
const meta = (body: Record<string, unknown>) => body.metadata as Meta;

describe("create and get", () => {
  it("stores an object with server-set metadata and returns it with kind and apiVersion", async () => {
    const created = await t.json("POST", PODS, pod("create-1"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "create-1", namespace: "default", generation: 1 },
    });
    const m = meta(created.body);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.resourceVersion).toMatch(/^[0-9]+$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await t.json("GET", `${PODS}/create-1`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });

  it("refuses a duplicate with 409 AlreadyExists and a missing object with 404", async () => {
    await t.json("POST", CONFIGMAPS, configMap("dup"));
    const again = await t.json("POST", CONFIGMAPS, configMap("dup"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      kind: "Status",
      reason: "AlreadyExists",
      message: 'configmaps "dup" already exists',
    });
    const missing = await t.json("GET", `${CONFIGMAPS}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      reason: "NotFound",
      message: 'configmaps "nope" not found',
      details: { name: "nope", kind: "configmaps" },
    });
  });

  it("drops the status a client sends on create, except a Node's (its kubelet reports it)", async () => {
    const created = await t.json("POST", DEPLOYMENTS, {
      ...deployment("with-status"),
      status: { replicas: 7, readyReplicas: 7 },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toEqual({});
    const node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "status-node" },
      status: { capacity: { cpu: "2", pods: "110" } },
    };
    const registered = await t.json("POST", "/api/v1/nodes", node);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ status: { capacity: { cpu: "2", pods: "110" } } });
  });

  it("generates names from generateName", async () => {
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } };
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const created = await t.json("POST", CONFIGMAPS, body);
      expect(created.status).toBe(201);
      names.add(meta(created.body).name);
    }
    expect(names.size).toBe(5);
    for (const name of names) expect(name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("refuses creating in a namespace that does not exist, and serves cluster-scoped objects", async () => {
    const missing = await t.json("POST", "/api/v1/namespaces/ghost/configmaps", configMap("x"));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'namespaces "ghost" not found' });
    const ns = await t.json("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-a" },
    });
    expect(ns.status).toBe(201);
    expect(ns.body).toMatchObject({ metadata: { name: "team-a" } });
    expect((ns.body.metadata as Record<string, unknown>).namespace).toBeUndefined();
    expect((await t.json("POST", "/api/v1/namespaces/team-a/configmaps", configMap("x"))).status).toBe(201);
  });

  it("creates the system namespaces at start", async () => {
    const list = await t.json("GET", "/api/v1/namespaces");
    const names = (list.body.items as { metadata: Meta }[]).map((item) => item.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(["default", "kube-system", "kube-public", "kube-node-lease"]),
    );
  });

  it("stores nothing on dryRun=All", async () => {
    const created = await t.json("POST", `${CONFIGMAPS}?dryRun=All`, configMap("dry"));
    expect(created.status).toBe(201);
    expect(meta(created.body).resourceVersion).toBeUndefined();
    expect((await t.json("GET", `${CONFIGMAPS}/dry`)).status).toBe(404);
  });
});

describe("update", () => {
  it("refuses a stale resourceVersion with 409 Conflict", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("cas"));
    const first = { ...created.body, data: { key: "one" } };
    const updated = await t.json("PUT", `${CONFIGMAPS}/cas`, first);
    expect(updated.status).toBe(200);
    expect(Number(meta(updated.body).resourceVersion)).toBeGreaterThan(
      Number(meta(created.body).resourceVersion),
    );
    const stale = await t.json("PUT", `${CONFIGMAPS}/cas`, { ...created.body, data: { key: "two" } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: "Conflict",
      message:
        'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it("lets exactly one of many concurrent writers with the same resourceVersion win", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("race"));
    const writers = Array.from({ length: 20 }, (_, i) =>
      t.json("PUT", `${CONFIGMAPS}/race`, { ...created.body, data: { key: `writer-${i}` } }),
    );
    const codes = (await Promise.all(writers)).map((result) => result.status);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(19);
  });

  it("applies an update without resourceVersion unconditionally", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("uncond"));
    const { resourceVersion: _, ...rest } = meta(created.body);
    const updated = await t.json("PUT", `${CONFIGMAPS}/uncond`, {
      ...created.body,
      metadata: rest,
      data: { k: "v" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ k: "v" });
  });

  it("bumps generation on spec changes only and keeps status on the main resource", async () => {
    const created = await t.json("POST", DEPLOYMENTS, deployment("gen"));
    expect(meta(created.body).generation).toBe(1);
    const relabelled = await t.json("PUT", `${DEPLOYMENTS}/gen`, {
      ...created.body,
      metadata: { ...meta(created.body), labels: { a: "b" } },
      status: { replicas: 7 },
    });
    expect(relabelled.status).toBe(200);
    expect(meta(relabelled.body).generation).toBe(1);
    expect(relabelled.body.status).toEqual({});
    const scaled = await t.json("PUT", `${DEPLOYMENTS}/gen`, {
      ...relabelled.body,
      spec: { ...(relabelled.body.spec as object), replicas: 5 },
    });
    expect(meta(scaled.body).generation).toBe(2);
    const status = await t.json("PUT", `${DEPLOYMENTS}/gen/status`, {
      ...scaled.body,
      metadata: { ...meta(scaled.body), annotations: { seen: "yes" }, finalizers: ["x.io/ignored"] },
      spec: { ...(scaled.body.spec as object), replicas: 9 },
      status: { replicas: 5, observedGeneration: 2 },
    });
    expect(status.status).toBe(200);
    expect(status.body.status).toEqual({ replicas: 5, observedGeneration: 2 });
    expect((status.body.spec as { replicas: number }).replicas).toBe(5);
    expect(meta(status.body)).toMatchObject({ generation: 2, annotations: { seen: "yes" } });
    expect(meta(status.body).finalizers).toBeUndefined();
  });

  it("keeps uid and creationTimestamp and refuses a changed uid", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("sys"));
    const m = meta(created.body);
    const updated = await t.json("PUT", `${CONFIGMAPS}/sys`, {
      ...created.body,
      metadata: { ...m, uid: "", creationTimestamp: "2000-01-01T00:00:00Z" },
    });
    expect(meta(updated.body)).toMatchObject({ uid: m.uid, creationTimestamp: m.creationTimestamp });
    const changed = await t.json("PUT", `${CONFIGMAPS}/sys`, {
      ...updated.body,
      metadata: { ...meta(updated.body), uid: "other" },
    });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toContain("metadata.uid");
  });

  it("refuses a body whose name or namespace differs from the URL", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("urlname"));
    const renamed = await t.json("PUT", `${CONFIGMAPS}/urlname`, {
      ...created.body,
      metadata: { ...meta(created.body), name: "other" },
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.message).toBe(
      "the name of the object (other) does not match the name on the URL (urlname)",
    );
    const moved = await t.json("POST", CONFIGMAPS, {
      ...configMap("moved"),
      metadata: { name: "moved", namespace: "kube-system" },
    });
    expect(moved.status).toBe(400);
  });
});
