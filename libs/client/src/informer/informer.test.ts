import { Writable } from "node:stream";
import { ApiError } from "@capstan/apimachinery";
import { createLogger } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../workqueue/work-queue.js";
import { enqueueKeys } from "./enqueue.js";
import { createInformer } from "./informer.js";
import type { KubeObject } from "./object.js";
import type { CacheChange } from "./object-cache.js";
import type { InformerSource, SourceEvent } from "./source.js";

const logger = createLogger({
  component: "test",
  level: "silent",
  destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
});

function obj(name: string, revision: number, labels: Record<string, string> = {}): KubeObject {
  return { metadata: { name, namespace: "ns", resourceVersion: String(revision), labels } };
}

/**
 * A scripted source: an in-memory "server" with a revision log. `fail` makes the next watch throw once;
 * watches follow the log live, like a real watch.
 */
class ScriptedSource implements InformerSource<KubeObject> {
  readonly description = "scripted";
  state = new Map<string, KubeObject>();
  log: SourceEvent<KubeObject>[] = [];
  revision = 0;
  lists = 0;
  watchesFrom: string[] = [];
  failNext: Error | undefined;
  matches: ((object: KubeObject) => boolean) | undefined;
  private wake: (() => void) | undefined;

  write(type: "ADDED" | "MODIFIED" | "DELETED", name: string, labels?: Record<string, string>) {
    this.revision++;
    const object = obj(name, this.revision, labels);
    if (type === "DELETED") this.state.delete(name);
    else this.state.set(name, object);
    this.log.push({ type, object });
    this.wake?.();
  }

  async list() {
    this.lists++;
    return { items: [...this.state.values()], revision: String(this.revision) };
  }

  async *watch(revision: string, signal: AbortSignal): AsyncIterable<SourceEvent<KubeObject>> {
    this.watchesFrom.push(revision);
    let position = this.log.findIndex(
      (event) => Number(event.object.metadata?.resourceVersion) > Number(revision),
    );
    if (position < 0) position = this.log.length;
    while (!signal.aborted) {
      if (this.failNext) {
        const error = this.failNext;
        this.failNext = undefined;
        throw error;
      }
      const event = this.log[position];
      if (event) {
        position++;
        yield event;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }
}

function names(objects: KubeObject[]): string[] {
  return objects.map((object) => object.metadata?.name ?? "").sort();
}

describe("informer", () => {
  it("lists, syncs, follows the watch and tells handlers", async () => {
    const source = new ScriptedSource();
    source.write("ADDED", "a");
    source.write("ADDED", "b");
    const informer = createInformer({ source, logger });
    const changes: string[] = [];
    informer.addHandler((change: CacheChange<KubeObject>) =>
      changes.push(`${change.type} ${change.object.metadata?.name}`),
    );
    const controller = new AbortController();
    const run = informer.start(controller.signal);
    await informer.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    expect(names(informer.lister.list())).toEqual(["a", "b"]);
    source.write("MODIFIED", "a");
    source.write("DELETED", "b");
    source.write("ADDED", "c");
    await waitFor(() => informer.lastSyncRevision() === "5");
    expect(names(informer.lister.list({ namespace: "ns" }))).toEqual(["a", "c"]);
    expect(informer.lister.list({ namespace: "other" })).toEqual([]);
    expect(informer.lister.get("ns/a")?.metadata?.resourceVersion).toBe("3");
    expect(changes).toEqual(["added a", "added b", "modified a", "deleted b", "added c"]);
    controller.abort();
    await run;
  });

  it("relists on Expired and reports only the difference", async () => {
    const source = new ScriptedSource();
    source.write("ADDED", "a");
    source.write("ADDED", "b");
    const informer = createInformer({ source, logger, minBackoffMs: 1 });
    const controller = new AbortController();
    const run = informer.start(controller.signal);
    await informer.waitForSync();
    const changes: string[] = [];
    informer.addHandler((change) => changes.push(`${change.type} ${change.object.metadata?.name}`));
    changes.length = 0;
    // Changes the watch will never deliver (the log is "compacted"), then an Expired error.
    source.log = [];
    source.write("DELETED", "a");
    source.write("ADDED", "d");
    source.log = [];
    source.failNext = ApiError.gone("too old resource version: 2 (4)");
    await waitFor(() => source.lists === 2 && informer.lastSyncRevision() === "4");
    expect(names(informer.lister.list())).toEqual(["b", "d"]);
    expect(changes.sort()).toEqual(["added d", "deleted a"]);
    controller.abort();
    await run;
  });

  it("relists after a broken watch, with backoff, and keeps running", async () => {
    const source = new ScriptedSource();
    source.write("ADDED", "a");
    const informer = createInformer({ source, logger, minBackoffMs: 1 });
    const controller = new AbortController();
    const run = informer.start(controller.signal);
    await informer.waitForSync();
    source.failNext = ApiError.serviceUnavailable("connection reset");
    source.write("ADDED", "b");
    await waitFor(() => source.lists >= 2 && informer.lister.get("ns/b") !== undefined);
    source.write("ADDED", "c");
    await waitFor(() => informer.lister.get("ns/c") !== undefined);
    controller.abort();
    await run;
  });

  it("drops objects that stop matching the source's filter", async () => {
    const source = new ScriptedSource();
    source.matches = (object) => object.metadata?.labels.app === "web";
    source.write("ADDED", "a", { app: "web" });
    source.write("ADDED", "b", { app: "db" });
    const informer = createInformer({ source, logger });
    const controller = new AbortController();
    const run = informer.start(controller.signal);
    await informer.waitForSync();
    expect(names(informer.lister.list())).toEqual(["a"]);
    source.write("MODIFIED", "a", { app: "other" });
    source.write("MODIFIED", "b", { app: "web" });
    await waitFor(() => informer.lastSyncRevision() === "4");
    expect(names(informer.lister.list())).toEqual(["b"]);
    const selected = informer.lister.list({ labelSelector: { matches: (labels) => labels.app === "db" } });
    expect(selected).toEqual([]);
    expect(names(informer.lister.list({ labelSelector: "app in (web,db)" }))).toEqual(["b"]);
    expect(informer.lister.list({ labelSelector: "app!=web" })).toEqual([]);
    expect(() => informer.lister.list({ labelSelector: "app in (" })).toThrow(ApiError);
    controller.abort();
    await run;
  });

  it("keeps dispatching when a handler throws, and refuses a bad source", async () => {
    const source = new ScriptedSource();
    source.write("ADDED", "a");
    const informer = createInformer({ source, logger });
    const seen: string[] = [];
    informer.addHandler(() => {
      throw new Error("handler bug");
    });
    informer.addHandler((change) => seen.push(change.object.metadata?.name ?? ""));
    const controller = new AbortController();
    const run = informer.start(controller.signal);
    await informer.waitForSync();
    expect(seen).toEqual(["a"]);
    controller.abort();
    await run;
    expect(() => createInformer({ source: {} as InformerSource<KubeObject>, logger })).toThrow(TypeError);
    const aborted = new AbortController();
    aborted.abort(new Error("stop"));
    await expect(
      createInformer({ source: new ScriptedSource(), logger }).waitForSync(aborted.signal),
    ).rejects.toThrow("stop");
  });
});

describe("enqueueKeys", () => {
  it("puts the keys of the new and previous states on the queue", async () => {
    const queue = createWorkQueue();
    const owner = (object: KubeObject) => [`ns/${object.metadata?.labels.owner ?? "none"}`];
    enqueueKeys(
      queue,
      owner,
    )({ type: "modified", object: obj("p", 2, { owner: "new" }), previous: obj("p", 1, { owner: "old" }) });
    enqueueKeys(queue)({ type: "added", object: obj("q", 3) });
    expect([await queue.get(), await queue.get(), await queue.get()]).toEqual(["ns/new", "ns/old", "ns/q"]);
  });
});
