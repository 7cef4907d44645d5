import { createLogger } from "@capstan/runtime";
import { createEtcdStore, type Store } from "@capstan/store";
import { type EtcdCluster, startEtcd } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIGMAPS, configMap } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";
import { openWatch, type WatchLine } from "./watch-client.js";

let etcd: EtcdCluster;
const stores: Store[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
  const logger = createLogger({ component: "store-test", level: "silent" });
  for (let i = 0; i < 2; i++) {
    const store = await createEtcdStore({ endpoints: etcd.endpoints, logger });
    stores.push(store);
    servers.push(await startTestServer({ store }));
  }
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const store of stores) await store.close();
  await etcd?.stop();
});

const rv = (body: Record<string, unknown>) => (body.metadata as { resourceVersion: string }).resourceVersion;
const summary = (events: (WatchLine | undefined)[]) =>
  events.map((event) => {
    const meta = (event?.object.metadata ?? {}) as { name?: string; resourceVersion?: string };
    return `${event?.type} ${meta.name}@${meta.resourceVersion}`;
  });

describe("several apiservers over one etcd", () => {
  it("serve the same objects: a write on one is read, conflicted and watched on the other", async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const start = await a.json("GET", CONFIGMAPS);
    const watchA = await openWatch(`${a.url}${CONFIGMAPS}?watch=1&resourceVersion=${rv(start.body)}`);
    const watchB = await openWatch(`${b.url}${CONFIGMAPS}?watch=1&resourceVersion=${rv(start.body)}`);
    const created = await a.json("POST", CONFIGMAPS, configMap("shared"));
    expect((await b.json("GET", `${CONFIGMAPS}/shared`)).body).toEqual(created.body);
    const updated = await b.json("PUT", `${CONFIGMAPS}/shared`, { ...created.body, data: { by: "b" } });
    expect(updated.status).toBe(200);
    const stale = await a.json("PUT", `${CONFIGMAPS}/shared`, { ...created.body, data: { by: "a" } });
    expect(stale.status).toBe(409);
    await b.json("POST", CONFIGMAPS, configMap("second"));
    await a.json("DELETE", `${CONFIGMAPS}/shared`);
    const seenA = summary([
      await watchA.next(),
      await watchA.next(),
      await watchA.next(),
      await watchA.next(),
    ]);
    const seenB = summary([
      await watchB.next(),
      await watchB.next(),
      await watchB.next(),
      await watchB.next(),
    ]);
    watchA.close();
    watchB.close();
    expect(seenA.map((line) => line.split("@")[0])).toEqual([
      "ADDED shared",
      "MODIFIED shared",
      "ADDED second",
      "DELETED shared",
    ]);
    expect(seenB).toEqual(seenA);
  });
});
