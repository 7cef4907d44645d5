import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENTS, deployment, PODS, pod } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe("scale", () => {
  it("reads an autoscaling/v1 Scale with the selector as a string", async () => {
    const created = await t.json("POST", DEPLOYMENTS, deployment("sc", 2));
    const scale = await t.json("GET", `${DEPLOYMENTS}/sc/scale`);
    expect(scale.status).toBe(200);
    expect(scale.body).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: { name: "sc", namespace: "default", uid: (created.body.metadata as { uid: string }).uid },
      spec: { replicas: 2 },
      status: { selector: "app=sc" },
    });
  });

  it("scales with kubectl's merge patch and with a PUT that has no Content-Type", async () => {
    await t.json("POST", DEPLOYMENTS, deployment("sc2", 1));
    const patched = await t.json(
      "PATCH",
      `${DEPLOYMENTS}/sc2/scale`,
      { spec: { replicas: 3 } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.body).toMatchObject({ kind: "Scale", spec: { replicas: 3 } });
    const deployed = await t.json("GET", `${DEPLOYMENTS}/sc2`);
    expect(deployed.body).toMatchObject({ spec: { replicas: 3 }, metadata: { generation: 2 } });
    const current = await t.json("GET", `${DEPLOYMENTS}/sc2/scale`);
    const put = await t.request(`${DEPLOYMENTS}/sc2/scale`, {
      method: "PUT",
      // Bytes, so fetch adds no Content-Type either (as kubectl scale --current-replicas sends it).
      body: Buffer.from(JSON.stringify({ ...current.body, spec: { replicas: 5 } })),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ spec: { replicas: 5 } });
    const stale = await t.request(`${DEPLOYMENTS}/sc2/scale`, {
      method: "PUT",
      body: Buffer.from(JSON.stringify({ ...current.body, spec: { replicas: 6 } })),
    });
    expect(stale.status).toBe(409);
    const negative = await t.json(
      "PATCH",
      `${DEPLOYMENTS}/sc2/scale`,
      { spec: { replicas: -1 } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(negative.status).toBe(422);
    expect(negative.body.message).toContain("spec.replicas");
  });

  it("is not there for kinds without it", async () => {
    await t.json("POST", PODS, pod("noscale"));
    expect((await t.json("GET", `${PODS}/noscale/scale`)).status).toBe(404);
  });
});

describe("binding", () => {
  const bind = (name: string, node: string) =>
    t.json("POST", `${PODS}/${name}/binding`, {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name },
      target: { apiVersion: "v1", kind: "Node", name: node },
    });

  it("sets spec.nodeName once and refuses a second binding with 409", async () => {
    await t.json("POST", PODS, pod("bound"));
    const first = await bind("bound", "node-1");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: "Status", status: "Success" });
    const got = await t.json("GET", `${PODS}/bound`);
    expect(got.body).toMatchObject({
      spec: { nodeName: "node-1" },
      status: { conditions: [{ type: "PodScheduled", status: "True" }] },
    });
    const second = await bind("bound", "node-2");
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('is already assigned to node "node-1"');
  });

  it("refuses a binding without a target, and one for a missing pod", async () => {
    await t.json("POST", PODS, pod("unbound"));
    const empty = await t.json("POST", `${PODS}/unbound/binding`, {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "unbound" },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toContain("target.name: Required value");
    expect((await bind("ghost", "node-1")).status).toBe(404);
  });
});

describe("status and log", () => {
  it("keeps the stored metadata on a status write whose body carries only name and status", async () => {
    const owned = pod("owned");
    const created = await t.json("POST", PODS, {
      ...owned,
      metadata: {
        ...owned.metadata,
        labels: { app: "web" },
        annotations: { note: "kept" },
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "rs-uid", controller: true },
        ],
      },
    });
    const put = await t.json("PUT", `${PODS}/owned/status`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "owned", namespace: "default", uid: (created.body.metadata as { uid: string }).uid },
      status: { phase: "Running" },
    });
    expect(put.status).toBe(200);
    const stored = await t.json("GET", `${PODS}/owned`);
    expect(stored.body).toMatchObject({
      metadata: {
        labels: { app: "web" },
        annotations: { note: "kept" },
        ownerReferences: [{ kind: "ReplicaSet", name: "web-1", uid: "rs-uid", controller: true }],
      },
      status: { phase: "Running" },
    });
  });

  it("reads the status subresource", async () => {
    await t.json("POST", PODS, pod("withstatus"));
    const status = await t.json("GET", `${PODS}/withstatus/status`);
    expect(status.body).toMatchObject({ kind: "Pod", metadata: { name: "withstatus" } });
  });

  it("explains why there is no log yet", async () => {
    await t.json("POST", PODS, pod("nolog"));
    const pending = await t.json("GET", `${PODS}/nolog/log`);
    expect(pending.status).toBe(400);
    expect(pending.body.message).toBe("pod nolog does not have a host assigned");
    await t.json("POST", `${PODS}/nolog/binding`, {
      apiVersion: "v1",
      kind: "Binding",
      target: { name: "node-1" },
    });
    const bound = await t.json("GET", `${PODS}/nolog/log`);
    expect(bound.status).toBe(503);
    expect(bound.body).toMatchObject({ kind: "Status", reason: "ServiceUnavailable" });
  });
});
