import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIGMAPS, configMap, DEPLOYMENTS, deployment } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const patch = (path: string, contentType: string, body: unknown, query = "") =>
  t.json("PATCH", `${path}${query}`, body, { "content-type": contentType });
type Spec = {
  replicas: number;
  template: { spec: { containers: { name: string; image: string; env?: unknown[] }[] } };
};
const specOf = (body: Record<string, unknown>) => body.spec as Spec;

describe("PATCH", () => {
  it("applies a JSON patch (what rollout undo sends), 422 when an operation cannot apply", async () => {
    await t.json("POST", CONFIGMAPS, configMap("jp", { a: "1" }));
    const patched = await patch(`${CONFIGMAPS}/jp`, "application/json-patch+json", [
      { op: "add", path: "/data/b", value: "2" },
      { op: "replace", path: "/data/a", value: "one" },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body.data).toEqual({ a: "one", b: "2" });
    const failed = await patch(`${CONFIGMAPS}/jp`, "application/json-patch+json", [
      { op: "test", path: "/data/a", value: "x" },
    ]);
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({ kind: "Status", code: 422 });
  });

  it("applies a merge patch, null removing a key", async () => {
    await t.json("POST", CONFIGMAPS, configMap("mp", { a: "1", b: "2" }));
    const patched = await patch(`${CONFIGMAPS}/mp`, "application/merge-patch+json", {
      data: { a: null, c: "3" },
      metadata: { labels: { x: "y" } },
    });
    expect(patched.body).toMatchObject({ data: { b: "2", c: "3" }, metadata: { labels: { x: "y" } } });
  });

  it("applies kubectl apply's strategic merge patch by merge keys and bumps generation", async () => {
    const created = await t.json("POST", DEPLOYMENTS, deployment("smp"));
    const body = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}\n" } },
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "web" }, { name: "side" }],
            containers: [
              { name: "web", image: "nginx:1.28", env: [{ name: "A", value: "1" }] },
              { name: "side", image: "busybox" },
            ],
          },
        },
      },
    };
    const patched = await patch(
      `${DEPLOYMENTS}/smp`,
      "application/strategic-merge-patch+json",
      body,
      "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
    );
    expect(patched.status).toBe(200);
    expect(specOf(patched.body).template.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ["web", "nginx:1.28"],
      ["side", "busybox"],
    ]);
    expect((patched.body.metadata as { generation: number }).generation).toBe(2);
    const removal = await patch(`${DEPLOYMENTS}/smp`, "application/strategic-merge-patch+json", {
      spec: { template: { spec: { containers: [{ $patch: "delete", name: "side" }] } } },
    });
    expect(specOf(removal.body).template.spec.containers.map((c) => c.name)).toEqual(["web"]);
    expect(specOf(removal.body).template.spec.containers[0]?.env).toEqual([{ name: "A", value: "1" }]);
    expect((created.body.metadata as { uid: string }).uid).toBe(
      (removal.body.metadata as { uid: string }).uid,
    );
  });

  it("creates with server-side apply (201), then merges (200), and needs a fieldManager", async () => {
    const manifest = deployment("ssa", 1);
    const ssa = "application/apply-patch+yaml";
    const created = await patch(
      `${DEPLOYMENTS}/ssa`,
      ssa,
      manifest,
      "?fieldManager=kubectl&fieldValidation=Strict&force=false",
    );
    expect(created.status).toBe(201);
    const changed = await patch(
      `${DEPLOYMENTS}/ssa`,
      ssa,
      { ...manifest, spec: { ...manifest.spec, replicas: 4 } },
      "?fieldManager=kubectl",
    );
    expect(changed.status).toBe(200);
    expect(specOf(changed.body).replicas).toBe(4);
    const yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\n  labels:\n    from: yaml\n";
    const fromYaml = await t.request(`${DEPLOYMENTS}/ssa?fieldManager=kubectl`, {
      method: "PATCH",
      headers: { "content-type": ssa },
      body: yaml,
    });
    expect(fromYaml.status).toBe(200);
    expect(await fromYaml.json()).toMatchObject({
      metadata: { labels: { from: "yaml" } },
      spec: { replicas: 4 },
    });
    expect((await patch(`${DEPLOYMENTS}/ssa`, ssa, manifest)).status).toBe(400);
    expect(
      (await patch(`${DEPLOYMENTS}/ssa`, ssa, { ...manifest, kind: "ReplicaSet" }, "?fieldManager=k")).status,
    ).toBe(400);
  });

  it("answers 415 for an unknown patch type and 404 for a missing object", async () => {
    const unknown = await patch(`${CONFIGMAPS}/mp`, "application/xml", {});
    expect(unknown.status).toBe(415);
    expect(unknown.body).toMatchObject({ reason: "UnsupportedMediaType" });
    expect((await patch(`${CONFIGMAPS}/absent`, "application/merge-patch+json", { data: {} })).status).toBe(
      404,
    );
  });

  it("refuses a patch that renames the object, conflicts on a stale resourceVersion in the patch", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("pinned"));
    expect(
      (await patch(`${CONFIGMAPS}/pinned`, "application/merge-patch+json", { metadata: { name: "other" } }))
        .status,
    ).toBe(400);
    await patch(`${CONFIGMAPS}/pinned`, "application/merge-patch+json", { data: { k: "1" } });
    const stale = await patch(`${CONFIGMAPS}/pinned`, "application/merge-patch+json", {
      metadata: { resourceVersion: (created.body.metadata as { resourceVersion: string }).resourceVersion },
      data: { k: "2" },
    });
    expect(stale.status).toBe(409);
  });

  it("patches the status subresource without touching spec", async () => {
    await t.json("POST", DEPLOYMENTS, deployment("st"));
    const patched = await patch(`${DEPLOYMENTS}/st/status`, "application/merge-patch+json", {
      spec: { replicas: 9 },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 1 } });
  });

  it("warns about unknown fields with fieldValidation=Warn and refuses them with Strict", async () => {
    await t.json("POST", CONFIGMAPS, configMap("fv"));
    const warned = await patch(
      `${CONFIGMAPS}/fv`,
      "application/merge-patch+json",
      { data: { a: "b" }, spec: { foo: 1 } },
      "?fieldValidation=Warn",
    );
    expect(warned.status).toBe(200);
    expect(warned.headers.get("warning")).toBe('299 - "unknown field \\"spec\\""');
    const strict = await patch(
      `${CONFIGMAPS}/fv`,
      "application/merge-patch+json",
      { spec: { foo: 1 } },
      "?fieldValidation=Strict",
    );
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('strict decoding error: unknown field "spec"');
  });
});
