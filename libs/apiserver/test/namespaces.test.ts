import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, pod } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ namespaceCleanupIntervalMs: 100 });
});
afterAll(async () => {
  await t?.stop();
});

const namespace = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

describe("namespace deletion", () => {
  it("marks the namespace Terminating, deletes its content, then removes it", async () => {
    await t.json("POST", "/api/v1/namespaces", namespace("doomed"));
    await t.json("POST", "/api/v1/namespaces/doomed/configmaps", configMap("cm"));
    await t.json("POST", "/api/v1/namespaces/doomed/pods", pod("p"));
    const deleted = await t.json("DELETE", "/api/v1/namespaces/doomed");
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Terminating" },
    });
    expect((deleted.body.metadata as { deletionTimestamp?: string }).deletionTimestamp).toBeTruthy();
    await waitFor(async () => (await t.json("GET", "/api/v1/namespaces/doomed")).status === 404, {
      description: "namespace doomed to be removed",
    });
    const left = await t.json("GET", "/api/v1/namespaces/doomed/configmaps");
    expect(left.body.items).toEqual([]);
  });

  it("refuses new content while Terminating, and finishes once a finalizer inside is released", async () => {
    await t.json("POST", "/api/v1/namespaces", namespace("stuck"));
    const held = await t.json("POST", "/api/v1/namespaces/stuck/configmaps", {
      ...configMap("held"),
      metadata: { name: "held", finalizers: ["example.com/hold"] },
    });
    expect(held.status).toBe(201);
    await t.json("DELETE", "/api/v1/namespaces/stuck");
    const refused = await t.json("POST", "/api/v1/namespaces/stuck/configmaps", configMap("late"));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace stuck because it is being terminated',
    );
    const marked = await waitFor(async () => {
      const got = await t.json("GET", "/api/v1/namespaces/stuck/configmaps/held");
      return (got.body.metadata as { deletionTimestamp?: string }).deletionTimestamp ? got.body : undefined;
    });
    expect((await t.json("GET", "/api/v1/namespaces/stuck")).body).toMatchObject({
      status: { phase: "Terminating" },
    });
    const released = await t.json("PUT", "/api/v1/namespaces/stuck/configmaps/held", {
      ...marked,
      metadata: { ...(marked.metadata as object), finalizers: [] },
    });
    expect(released.status).toBe(200);
    await waitFor(async () => (await t.json("GET", "/api/v1/namespaces/stuck")).status === 404);
  });

  it("serves finalize for namespaces only", async () => {
    const response = await t.json("PUT", "/api/v1/nodes/n1/finalize", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1" },
    });
    expect(response.status).toBe(404);
  });
});
