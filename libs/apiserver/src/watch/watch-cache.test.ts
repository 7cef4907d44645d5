import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "@capstan/apimachinery";
import { createLogger } from "@capstan/runtime";
import { createSqliteStore, type Store, StoreError, type WatchEvent } from "@capstan/store";
import { waitFor } from "@capstan/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CacheEvent, type CacheSubscriber, resourceOfKey } from "./cache-event.js";
import { WatchCache } from "./watch-cache.js";

const logger = createLogger({ component: "watch-cache-test", level: "silent" });
const bytes = (text: string) => new TextEncoder().encode(text);

/** A subscriber that records what it is told. */
function recorder() {
  const events: CacheEvent[] = [];
  const bookmarks: number[] = [];
  const closed: ApiError[] = [];
  const subscriber: CacheSubscriber = {
    events: (batch) => events.push(...batch),
    bookmark: (revision) => bookmarks.push(revision),
    closed: (reason) => closed.push(reason),
  };
  return { subscriber, events, bookmarks, closed };
}

let dir: string;
let store: Store;
let controller: AbortController;
let running: Promise<void>;

async function startCache(cacheStore: Store, capacity = 3): Promise<WatchCache> {
  const cache = new WatchCache({ store: cacheStore, logger, capacity, bookmarkIntervalMs: 50 });
  running = cache.start(controller.signal);
  await cache.ready;
  return cache;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "watch-cache-"));
  store = await createSqliteStore({ path: join(dir, "db"), compactIntervalMs: 0 });
  controller = new AbortController();
});

afterEach(async () => {
  controller.abort();
  await running;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("WatchCache", () => {
  it("names the resource of a key", () => {
    expect(resourceOfKey("/registry/pods/default/web")).toBe("pods");
    expect(resourceOfKey("/registry/nodes/n1")).toBe("nodes");
    expect(resourceOfKey("/other/pods/x")).toBeUndefined();
  });

  it("replays inside its window, answers 410 before it, and classifies events", async () => {
    const cache = await startCache(store);
    const first = await store.create("/registry/things/a", bytes("1"));
    const second = await store.update("/registry/things/a", bytes("2"), first.modRevision);
    await store.create("/registry/things/b", bytes("1"));
    await store.delete("/registry/things/b");
    await store.create("/registry/other/x", bytes("1"));
    await waitFor(() => cache.revision >= second.modRevision + 3);
    await expect(
      cache.subscribe("things", first.modRevision - 1, recorder().subscriber),
    ).rejects.toMatchObject({
      httpCode: 410,
      reason: "Expired",
    });
    const late = recorder();
    await cache.subscribe("things", second.modRevision - 1, late.subscriber);
    expect(late.events.map((event) => [event.type, event.key])).toEqual([
      ["MODIFIED", "/registry/things/a"],
      ["ADDED", "/registry/things/b"],
      ["DELETED", "/registry/things/b"],
    ]);
    expect(new TextDecoder().decode(late.events[0]?.prevKv?.value)).toBe("1");
    await waitFor(() => late.bookmarks.length > 0);
  });

  it("serves a resource's first events to a watch from any revision since the cache began", async () => {
    const cache = await startCache(store);
    const listedAt = cache.revision;
    await store.create("/registry/other/x", bytes("1"));
    const pod = await store.create("/registry/things/first", bytes("1"));
    await waitFor(() => cache.revision >= pod.modRevision);
    const watcher = recorder();
    await cache.subscribe("things", listedAt, watcher.subscriber);
    expect(watcher.events.map((event) => [event.type, event.key])).toEqual([
      ["ADDED", "/registry/things/first"],
    ]);
  });

  it("refuses a revision from the future with 504, and serves a subscriber only what follows", async () => {
    const cache = await startCache(store);
    await expect(cache.subscribe("things", 10_000, recorder().subscriber)).rejects.toMatchObject({
      httpCode: 504,
    });
    const live = recorder();
    const subscription = await cache.subscribe("things", cache.revision, live.subscriber);
    await store.create("/registry/things/c", bytes("1"));
    await waitFor(() => live.events.length === 1);
    subscription.unsubscribe();
    await store.create("/registry/things/d", bytes("1"));
    await waitFor(async () => cache.revision === (await store.currentRevision()));
    expect(live.events.map((event) => event.key)).toEqual(["/registry/things/c"]);
  });

  it("drops a subscriber that throws, telling it why", async () => {
    const cache = await startCache(store);
    const broken = recorder();
    await cache.subscribe("things", cache.revision, {
      ...broken.subscriber,
      events: () => {
        throw new TypeError("bug");
      },
    });
    await store.create("/registry/things/e", bytes("1"));
    await waitFor(() => broken.closed.length === 1);
    expect(broken.closed[0]).toBeInstanceOf(ApiError);
  });

  it("starts over and makes watchers relist when its store watch loses history", async () => {
    let breakNext = false;
    const flaky: Store = Object.assign(Object.create(store) as Store, {
      watch: (options: Parameters<Store["watch"]>[0]) => failingAfter(store.watch(options), () => breakNext),
    });
    const cache = await startCache(flaky);
    const watcher = recorder();
    await cache.subscribe("things", cache.revision, watcher.subscriber);
    breakNext = true;
    await store.create("/registry/things/f", bytes("1"));
    await waitFor(() => watcher.closed.length === 1);
    expect(watcher.closed[0]).toMatchObject({ httpCode: 410 });
    breakNext = false;
    const after = recorder();
    await waitFor(() => cache.healthy);
    await cache.subscribe("things", cache.revision, after.subscriber);
    await store.create("/registry/things/g", bytes("1"));
    await waitFor(() => after.events.some((event) => event.key === "/registry/things/g"));
  });
});

/** Passes batches through until `broken()` says so, then fails as a compacted watch does. */
async function* failingAfter(
  inner: AsyncIterable<WatchEvent[]>,
  broken: () => boolean,
): AsyncIterable<WatchEvent[]> {
  for await (const batch of inner) {
    if (broken()) throw new StoreError("compacted", "history compacted under the watch");
    yield batch;
  }
}
