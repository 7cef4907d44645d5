import { waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONFIGMAPS, configMap, PODS, pod, TABLE_ACCEPT } from "./fixtures.js";
import { startTestServer, type TestServer } from "./harness.js";
import { openWatch } from "./watch-client.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ watchCacheCapacity: 20, bookmarkIntervalMs: 200 });
});
afterAll(async () => {
  await t?.stop();
});

const rv = (body: Record<string, unknown>) => (body.metadata as { resourceVersion: string }).resourceVersion;
const nameOf = (object: Record<string, unknown>) => (object.metadata as { name: string }).name;

describe("watch", () => {
  it("streams changes after a list's resourceVersion, one JSON line per event", async () => {
    const list = await t.json("GET", CONFIGMAPS);
    const watch = await openWatch(`${t.url}${CONFIGMAPS}?watch=true&resourceVersion=${rv(list.body)}`);
    expect(watch.status).toBe(200);
    expect(watch.headers.get("content-type")).toBe("application/json");
    const created = await t.json("POST", CONFIGMAPS, configMap("w1"));
    await t.json("PUT", `${CONFIGMAPS}/w1`, { ...created.body, data: { key: "changed" } });
    const deleted = await t.json("DELETE", `${CONFIGMAPS}/w1`);
    const events = [await watch.next(), await watch.next(), await watch.next()];
    watch.close();
    expect(events.map((event) => event?.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(events[0]?.object).toMatchObject({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "w1" },
    });
    expect(events[1]?.object).toMatchObject({ data: { key: "changed" } });
    expect(Number(rv(events[2]?.object ?? {}))).toBeGreaterThan(Number(rv(events[1]?.object ?? {})));
    expect(deleted.status).toBe(200);
  });

  it("replays what happened after an older resourceVersion, then goes live", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("resume"));
    const from = rv(created.body);
    await t.json("PUT", `${CONFIGMAPS}/resume`, { ...created.body, data: { n: "1" } });
    await t.json("POST", CONFIGMAPS, configMap("resume-2"));
    const watch = await openWatch(`${t.url}${CONFIGMAPS}?watch=1&resourceVersion=${from}`);
    const replayed = [await watch.next(), await watch.next()];
    expect(replayed.map((event) => [event?.type, nameOf(event?.object ?? {})])).toEqual([
      ["MODIFIED", "resume"],
      ["ADDED", "resume-2"],
    ]);
    await t.json("DELETE", `${CONFIGMAPS}/resume-2`);
    expect(await watch.next()).toMatchObject({ type: "DELETED", object: { metadata: { name: "resume-2" } } });
    watch.close();
  });

  it("answers a resourceVersion older than the window with an ERROR 410 Expired event", async () => {
    const first = await t.json("POST", CONFIGMAPS, configMap("old"));
    for (let i = 0; i < 25; i++)
      await t.json("PUT", `${CONFIGMAPS}/old`, {
        ...first.body,
        metadata: { name: "old" },
        data: { i: String(i) },
      });
    const watch = await openWatch(`${t.url}${CONFIGMAPS}?watch=1&resourceVersion=${rv(first.body)}`);
    const events = await watch.rest();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "ERROR",
      object: { kind: "Status", code: 410, reason: "Expired" },
    });
  });

  it("starts with ADDED events for existing objects when no resourceVersion is given", async () => {
    await t.json("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "initial" },
    });
    for (const name of ["a", "b"])
      await t.json("POST", "/api/v1/namespaces/initial/configmaps", configMap(name));
    const watch = await openWatch(`${t.url}/api/v1/namespaces/initial/configmaps?watch=1`);
    const initial = [await watch.next(), await watch.next()];
    expect(initial.map((event) => [event?.type, nameOf(event?.object ?? {})])).toEqual([
      ["ADDED", "a"],
      ["ADDED", "b"],
    ]);
    await t.json("POST", "/api/v1/namespaces/initial/configmaps", configMap("c"));
    expect(await watch.next()).toMatchObject({ type: "ADDED", object: { metadata: { name: "c" } } });
    watch.close();
  });

  it("applies selectors: an object that stops matching is DELETED for that watcher", async () => {
    const list = await t.json("GET", CONFIGMAPS);
    const watch = await openWatch(
      `${t.url}${CONFIGMAPS}?watch=1&labelSelector=app%3Dweb&resourceVersion=${rv(list.body)}`,
    );
    await t.json("POST", CONFIGMAPS, configMap("other", { k: "v" }, { app: "db" }));
    const created = await t.json("POST", CONFIGMAPS, configMap("sel", { k: "v" }, { app: "web" }));
    const relabelled = await t.json("PUT", `${CONFIGMAPS}/sel`, {
      ...created.body,
      metadata: { name: "sel", labels: { app: "db" } },
    });
    await t.json("PUT", `${CONFIGMAPS}/sel`, {
      ...relabelled.body,
      metadata: { name: "sel", labels: { app: "web" } },
    });
    const events = [await watch.next(), await watch.next(), await watch.next()];
    watch.close();
    expect(events.map((event) => [event?.type, nameOf(event?.object ?? {})])).toEqual([
      ["ADDED", "sel"],
      ["DELETED", "sel"],
      ["ADDED", "sel"],
    ]);
    expect(rv(events[1]?.object ?? {})).toBe(rv(relabelled.body));
  });

  it("filters by metadata.name and sends bookmarks when allowed", async () => {
    await t.json("POST", CONFIGMAPS, configMap("bm"));
    const list = await t.json(
      "GET",
      `${CONFIGMAPS}?fieldSelector=metadata.name%3Dbm&resourceVersion=0&limit=500`,
    );
    expect((list.body.items as unknown[]).length).toBe(1);
    const watch = await openWatch(
      `${t.url}${CONFIGMAPS}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dbm&resourceVersion=${rv(list.body)}&timeoutSeconds=30&watch=true`,
    );
    await t.json("POST", CONFIGMAPS, configMap("not-bm"));
    const bookmark = await watch.next(3_000);
    expect(bookmark).toMatchObject({ type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1" } });
    expect(Object.keys(bookmark?.object.metadata ?? {})).toEqual(["resourceVersion"]);
    watch.close();
  });

  it("watches one object by its URL (the older form)", async () => {
    const created = await t.json("POST", CONFIGMAPS, configMap("by-url"));
    await t.json("POST", CONFIGMAPS, configMap("by-url-other"));
    const watch = await openWatch(
      `${t.url}${CONFIGMAPS}/by-url?watch=true&resourceVersion=${rv(created.body)}`,
    );
    await t.json("DELETE", `${CONFIGMAPS}/by-url-other`);
    await t.json("DELETE", `${CONFIGMAPS}/by-url`);
    expect(await watch.next()).toMatchObject({ type: "DELETED", object: { metadata: { name: "by-url" } } });
    watch.close();
  });

  it("ends the stream after timeoutSeconds", async () => {
    const list = await t.json("GET", CONFIGMAPS);
    const started = Date.now();
    const watch = await openWatch(
      `${t.url}${CONFIGMAPS}?watch=1&timeoutSeconds=1&resourceVersion=${rv(list.body)}`,
    );
    expect(await watch.rest(5_000)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("sends one-row Tables when the Accept asks for them, with column definitions only first", async () => {
    const list = await t.json("GET", PODS);
    const watch = await openWatch(`${t.url}${PODS}?watch=true&resourceVersion=${rv(list.body)}`, {
      accept: TABLE_ACCEPT,
    });
    await t.json("POST", PODS, pod("table-1"));
    await t.json("POST", PODS, pod("table-2"));
    const first = await watch.next();
    const second = await watch.next();
    watch.close();
    expect(first).toMatchObject({ type: "ADDED", object: { kind: "Table" } });
    const [row] = (first?.object.rows ?? []) as { cells: unknown[] }[];
    expect(row?.cells.slice(0, 4)).toEqual(["table-1", "0/1", "Pending", "0"]);
    expect(first?.object.columnDefinitions).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Name" })]),
    );
    expect(second?.object.columnDefinitions).toEqual([]);
    expect(second?.object).toMatchObject({
      rows: [{ object: { kind: "PartialObjectMetadata", metadata: { name: "table-2" } } }],
    });
  });

  it("refuses bad selectors and future resourceVersions before streaming", async () => {
    const badSelector = await t.json("GET", `${CONFIGMAPS}?watch=1&labelSelector=a%20in%20(`);
    expect(badSelector.status).toBe(400);
    expect(badSelector.body).toMatchObject({ kind: "Status", reason: "BadRequest" });
    const future = await t.json("GET", `${CONFIGMAPS}?watch=1&resourceVersion=999999999`);
    expect(future.status).toBe(504);
    expect(future.body).toMatchObject({
      reason: "Timeout",
      details: { causes: [{ reason: "ResourceVersionTooLarge" }] },
    });
    expect((await t.json("GET", `${CONFIGMAPS}?watch=1&resourceVersion=x1`)).status).toBe(400);
  });

  it("feeds hundreds of watchers from one store watch", async () => {
    const list = await t.json("GET", CONFIGMAPS);
    const storeWatch = vi.spyOn(t.store, "watch");
    const watchers = await Promise.all(
      Array.from({ length: 200 }, () =>
        openWatch(`${t.url}${CONFIGMAPS}?watch=1&resourceVersion=${rv(list.body)}`),
      ),
    );
    await t.json("POST", CONFIGMAPS, configMap("fanout"));
    const events = await Promise.all(watchers.map((watch) => watch.next(10_000)));
    for (const watch of watchers) watch.close();
    expect(events.every((event) => event?.type === "ADDED" && nameOf(event.object) === "fanout")).toBe(true);
    expect(storeWatch).not.toHaveBeenCalled();
    storeWatch.mockRestore();
    // Every handler notices its client left and ends (which also drops its cache subscription).
    await waitFor(async () => {
      const metrics = await (await t.request("/metrics")).text();
      return /apiserver_longrunning_requests\{[^}]*resource="configmaps"[^}]*\} 0\n/.test(metrics);
    });
  });
});
