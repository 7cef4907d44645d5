import { type EtcdCluster, startEtcd } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerFixture, startApiServer } from "./support/api-server.js";
import { requestJson, stringAt } from "./support/http.js";
import { podManifest } from "./support/manifests.js";
import { openWatch } from "./support/watch-stream.js";

let etcd: EtcdCluster;
let first: ApiServerFixture;
let second: ApiServerFixture;

beforeAll(async () => {
  etcd = await startEtcd({ members: 3 });
  // Each apiserver talks to a different member first, as separate machines would; they start at once.
  const endpoints = [0, 1].map((i) => [...etcd.endpoints.slice(i), ...etcd.endpoints.slice(0, i)]);
  const started = await Promise.all(endpoints.map((etcdEndpoints) => startApiServer({ etcdEndpoints })));
  [first, second] = started as [ApiServerFixture, ApiServerFixture];
});
afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await etcd?.stop();
});

const pods = "/api/v1/namespaces/default/pods";

describe.sequential("two apiservers over one 3-member etcd", () => {
  it("serves a write through one apiserver to reads through the other at once", async () => {
    const created = await requestJson(first.url, "POST", pods, podManifest("shared"));
    expect(created.status).toBe(201);
    const read = await requestJson(second.url, "GET", `${pods}/shared`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      metadata: {
        uid: stringAt(created.body, "metadata.uid"),
        resourceVersion: stringAt(created.body, "metadata.resourceVersion"),
      },
    });
    const listed = await requestJson(second.url, "GET", pods);
    expect(listed.body).toMatchObject({ items: [{ metadata: { name: "shared" } }] });
    expect(Number(stringAt(listed.body, "metadata.resourceVersion"))).toBeGreaterThanOrEqual(
      Number(stringAt(created.body, "metadata.resourceVersion")),
    );
  });

  it("refuses a stale update through the other apiserver with 409", async () => {
    const current = await requestJson(first.url, "GET", `${pods}/shared`);
    const updated = await requestJson(second.url, "PUT", `${pods}/shared`, {
      ...(current.body as object),
      metadata: { ...(current.body as { metadata: object }).metadata, labels: { by: "second" } },
    });
    expect(updated.status).toBe(200);
    const stale = await requestJson(first.url, "PUT", `${pods}/shared`, {
      ...(current.body as object),
      metadata: { ...(current.body as { metadata: object }).metadata, labels: { by: "first" } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: "Status", reason: "Conflict" });
  });

  it("gives watches on each apiserver every change, in the same order", async () => {
    const start = stringAt((await requestJson(first.url, "GET", pods)).body, "metadata.resourceVersion");
    const watches = await Promise.all(
      [first, second].map((api) => openWatch(`${api.url}${pods}?watch=1&resourceVersion=${start}`)),
    );
    try {
      const written: string[] = [];
      for (let i = 0; i < 12; i++) {
        const via = i % 2 === 0 ? first : second;
        const created = await requestJson(via.url, "POST", pods, podManifest(`w-${i}`));
        expect(created.status).toBe(201);
        written.push(`ADDED w-${i} ${stringAt(created.body, "metadata.resourceVersion")}`);
        if (i % 3 === 0) {
          const other = via === first ? second : first;
          const deleted = await requestJson(other.url, "DELETE", `${pods}/w-${i}`);
          expect(deleted.status).toBe(200);
          written.push(`DELETED w-${i} ${stringAt(deleted.body, "metadata.resourceVersion")}`);
        }
      }
      for (const watch of watches) {
        const events = await watch.waitForEvents(written.length);
        expect(
          events.map(
            (event) =>
              `${event.type} ${event.object.metadata?.name} ${event.object.metadata?.resourceVersion}`,
          ),
        ).toEqual(written);
      }
    } finally {
      await Promise.all(watches.map((watch) => watch.close()));
    }
  });
});
