import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIGMAPS, configMap, PODS, pod } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";
import { openWatch } from "./watch-client.js";

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
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
};
const meta = (body: Record<string, unknown>) => body.metadata as Meta;

describe("delete", () => {
  it("removes an object at once and answers its last state", async () => {
    await t.json("POST", CONFIGMAPS, configMap("gone"));
    const deleted = await t.json("DELETE", `${CONFIGMAPS}/gone`, { propagationPolicy: "Background" });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ kind: "ConfigMap", metadata: { name: "gone" } });
    expect((await t.json("GET", `${CONFIGMAPS}/gone`)).status).toBe(404);
    expect((await t.json("DELETE", `${CONFIGMAPS}/gone`)).status).toBe(404);
  });

  it("marks a bound pod and removes it when the kubelet confirms with grace 0", async () => {
    const created = await t.json("POST", PODS, pod("graceful", { nodeName: "node-1" }));
    const list = await t.json("GET", `${PODS}?fieldSelector=metadata.name%3Dgraceful`);
    const watch = await openWatch(
      `${t.url}${PODS}?watch=1&fieldSelector=metadata.name%3Dgraceful&resourceVersion=${meta(list.body).resourceVersion}`,
    );
    const marked = await t.json("DELETE", `${PODS}/graceful`, {});
    expect(marked.status).toBe(200);
    expect(meta(marked.body).deletionGracePeriodSeconds).toBe(30);
    const deadline = Date.parse(meta(marked.body).deletionTimestamp ?? "");
    expect(
      deadline - Date.parse((created.body.metadata as { creationTimestamp: string }).creationTimestamp),
    ).toBeGreaterThanOrEqual(29_000);
    expect((await t.json("GET", `${PODS}/graceful`)).status).toBe(200);
    const again = await t.json("DELETE", `${PODS}/graceful`, {});
    expect(meta(again.body).resourceVersion).toBe(meta(marked.body).resourceVersion);
    const confirmed = await t.json("DELETE", `${PODS}/graceful`, { gracePeriodSeconds: 0 });
    expect(confirmed.status).toBe(200);
    expect((await t.json("GET", `${PODS}/graceful`)).status).toBe(404);
    expect((await watch.next())?.type).toBe("MODIFIED");
    expect((await watch.next())?.type).toBe("DELETED");
    watch.close();
  });

  it("deletes an unscheduled pod at once", async () => {
    await t.json("POST", PODS, pod("pending"));
    await t.json("DELETE", `${PODS}/pending`);
    expect((await t.json("GET", `${PODS}/pending`)).status).toBe(404);
  });

  it("keeps an object with finalizers until an update removes the last one", async () => {
    const created = await t.json("POST", CONFIGMAPS, {
      ...configMap("fin"),
      metadata: { name: "fin", finalizers: ["example.com/hold"] },
    });
    const marked = await t.json("DELETE", `${CONFIGMAPS}/fin`);
    expect(meta(marked.body)).toMatchObject({
      deletionGracePeriodSeconds: 0,
      finalizers: ["example.com/hold"],
    });
    expect(meta(marked.body).deletionTimestamp).toBeTruthy();
    const adding = await t.json("PUT", `${CONFIGMAPS}/fin`, {
      ...marked.body,
      metadata: { ...meta(marked.body), finalizers: ["example.com/hold", "x.io/more"] },
    });
    expect(adding.status).toBe(422);
    expect(adding.body.message).toContain("no new finalizers can be added if the object is being deleted");
    const still = await t.json("GET", `${CONFIGMAPS}/fin`);
    expect(meta(still.body).uid).toBe(meta(created.body).uid);
    const released = await t.json("PUT", `${CONFIGMAPS}/fin`, {
      ...still.body,
      metadata: { ...meta(still.body), finalizers: [] },
    });
    expect(released.status).toBe(200);
    expect((await t.json("GET", `${CONFIGMAPS}/fin`)).status).toBe(404);
  });

  it("adds the garbage collector's finalizers for Foreground and Orphan", async () => {
    await t.json("POST", CONFIGMAPS, configMap("fg"));
    const foreground = await t.json("DELETE", `${CONFIGMAPS}/fg`, { propagationPolicy: "Foreground" });
    expect(meta(foreground.body).finalizers).toEqual(["foregroundDeletion"]);
    await t.json("POST", CONFIGMAPS, configMap("orphan"));
    const orphan = await t.json("DELETE", `${CONFIGMAPS}/orphan?propagationPolicy=Orphan`);
    expect(meta(orphan.body).finalizers).toEqual(["orphan"]);
    const background = await t.json("DELETE", `${CONFIGMAPS}/orphan`, { propagationPolicy: "Background" });
    expect(background.status).toBe(200);
    expect((await t.json("GET", `${CONFIGMAPS}/orphan`)).status).toBe(404);
  });

  it("checks uid and resourceVersion preconditions", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("pre"));
    const wrongUid = await t.json("DELETE", `${CONFIGMAPS}/pre`, { preconditions: { uid: "nope" } });
    expect(wrongUid.status).toBe(409);
    expect(wrongUid.body.message).toContain("Precondition failed: UID in precondition: nope");
    const wrongRv = await t.json("DELETE", `${CONFIGMAPS}/pre`, { preconditions: { resourceVersion: "1" } });
    expect(wrongRv.status).toBe(409);
    const right = await t.json("DELETE", `${CONFIGMAPS}/pre`, {
      preconditions: { uid: meta(created.body).uid, resourceVersion: meta(created.body).resourceVersion },
    });
    expect(right.status).toBe(200);
  });

  it("does nothing on dryRun and refuses bad options", async () => {
    await t.json("POST", CONFIGMAPS, configMap("dry-del"));
    expect((await t.json("DELETE", `${CONFIGMAPS}/dry-del?dryRun=All`)).status).toBe(200);
    expect((await t.json("GET", `${CONFIGMAPS}/dry-del`)).status).toBe(200);
    expect((await t.json("DELETE", `${CONFIGMAPS}/dry-del`, { propagationPolicy: "Sideways" })).status).toBe(
      400,
    );
    expect((await t.json("DELETE", `${CONFIGMAPS}/dry-del`, "{bad")).status).toBe(400);
  });

  it("deletes a collection by label selector", async () => {
    for (const [name, app] of [
      ["dc-1", "x"],
      ["dc-2", "x"],
      ["dc-3", "y"],
    ])
      await t.json("POST", CONFIGMAPS, configMap(name ?? "", {}, { app: app ?? "" }));
    const deleted = await t.json("DELETE", `${CONFIGMAPS}?labelSelector=app%3Dx`);
    expect(deleted.status).toBe(200);
    expect((deleted.body.items as { metadata: Meta }[]).map((item) => item.metadata.name)).toEqual([
      "dc-1",
      "dc-2",
    ]);
    const left = await t.json("GET", `${CONFIGMAPS}?labelSelector=app`);
    expect((left.body.items as { metadata: Meta }[]).map((item) => item.metadata.name)).toEqual(["dc-3"]);
  });

  it("refuses to delete the system namespaces", async () => {
    const response = await t.json("DELETE", "/api/v1/namespaces/kube-system");
    expect(response.status).toBe(403);
    expect(response.body.message).toBe(
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });
});
