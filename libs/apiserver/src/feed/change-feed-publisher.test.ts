import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { create, fromBinary } from "@bufbuild/protobuf";
import { type Change, ChangeSchema, encodeObject, PodSchema } from "@capstan/api";
import { type Bus, changeFilter, connectNatsBus, createMemoryBus } from "@capstan/bus";
import { createLogger } from "@capstan/runtime";
import { createSqliteStore, type Store } from "@capstan/store";
import { type NatsServer, startNats, waitFor } from "@capstan/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChangeFeedPublisher, createChangeFeedPublisher } from "./change-feed-publisher.js";

const logger = createLogger({
  component: "test",
  level: "silent",
  destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
});

/** A pod as the apiserver stores it (its Kubernetes JSON form, docs/adr/0002). */
function podBytes(name: string, nodeName = "", image = "nginx:1"): Uint8Array {
  const pod = create(PodSchema, {
    metadata: { name, namespace: "default" },
    spec: { nodeName, containers: [{ name: "c", image }] },
  });
  return new TextEncoder().encode(JSON.stringify(encodeObject(PodSchema, pod)));
}

interface Received {
  readonly subject: string;
  readonly change: Change;
}

/** Collects what an ordered consumer of the stream sees, from the first message on. */
async function collect(bus: Bus, filter?: string) {
  const received: Received[] = [];
  const subscription = await bus.consume({ from: { seq: 1 }, ...(filter ? { filter } : {}) });
  const done = (async () => {
    for await (const event of subscription) {
      if (event.type !== "message") throw new Error(`unexpected gap ${event.fromSeq}-${event.toSeq}`);
      received.push({ subject: event.subject, change: fromBinary(ChangeSchema, event.payload) });
    }
  })();
  const close = async () => {
    await subscription.close();
    await done;
  };
  return { received, close };
}

/** Starts a publisher and waits until it is positioned; returns how to stop it. */
async function run(publisher: ChangeFeedPublisher) {
  const controller = new AbortController();
  const running = publisher.start(controller.signal);
  await publisher.ready();
  return async () => {
    controller.abort();
    await running;
  };
}

function revisions(received: readonly Received[]): number[] {
  return received.map((item) => Number(item.change.revision));
}

/** A bus on a fresh stream, and how to dispose of it. */
type BusFactory = () => Promise<{ bus: Bus; dispose: () => Promise<void> }>;

const drivers: [string, BusFactory][] = [
  ["memory", async () => ({ bus: createMemoryBus(), dispose: async () => {} })],
  [
    "nats",
    async () => {
      const nats: NatsServer = await startNats();
      const bus = await connectNatsBus({ servers: nats.url, logger });
      return { bus, dispose: () => nats.stop() };
    },
  ],
];

describe.each(drivers)("change feed publisher on the %s bus", (_driver, connect) => {
  let dir: string;
  let store: Store;
  let bus: Bus;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "capstan-feed-"));
    store = await createSqliteStore({ path: join(dir, "state.db"), logger });
    ({ bus, dispose } = await connect());
  });
  afterEach(async () => {
    await bus.close();
    await dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("publishes each committed change once, in revision order, with type, resource and node", async () => {
    const stop = await run(createChangeFeedPublisher({ store, bus, logger }));
    const consumer = await collect(bus);
    const created = await store.create("/registry/pods/default/web", podBytes("web"));
    const scheduled = await store.update(
      "/registry/pods/default/web",
      podBytes("web", "node-1"),
      created.modRevision,
    );
    await store.create("/registry/pods/default/other", podBytes("other", "node-2"));
    const deleted = await store.delete("/registry/pods/default/web");
    await store.create("/registry/unknown-things/x", new Uint8Array([1, 2, 3]));
    await waitFor(() => consumer.received.length === 4, { description: "4 changes on the feed" });
    await stop();
    await consumer.close();
    expect(consumer.received.map((item) => item.change.type)).toEqual([
      "ADDED",
      "MODIFIED",
      "ADDED",
      "DELETED",
    ]);
    expect(revisions(consumer.received)).toEqual([
      created.modRevision,
      scheduled.modRevision,
      scheduled.modRevision + 1,
      deleted.modRevision,
    ]);
    expect(consumer.received[1]?.subject).toBe("capstan.changes.core.pods.default.web.node-1");
    expect(consumer.received[0]?.subject).toBe("capstan.changes.core.pods.default.web._");
    const last = consumer.received[3]?.change;
    expect(last).toMatchObject({
      group: "",
      version: "v1",
      resource: "pods",
      namespace: "default",
      name: "web",
    });
    const pod = fromBinary(PodSchema, last?.object ?? new Uint8Array());
    expect(pod.kind).toBe("Pod");
    expect(pod.apiVersion).toBe("v1");
    expect(pod.metadata?.resourceVersion).toBe(String(deleted.modRevision));
    expect(pod.spec?.nodeName).toBe("node-1");
  });

  it("lets a consumer take only one node's pods", async () => {
    const stop = await run(createChangeFeedPublisher({ store, bus, logger }));
    const mine = await collect(bus, changeFilter({ group: "", resource: "pods", nodeName: "node-1" }));
    for (let i = 0; i < 6; i++) {
      await store.create(
        `/registry/pods/default/p${i}`,
        podBytes(`p${i}`, i % 2 === 0 ? "node-1" : "node-2"),
      );
    }
    await waitFor(() => mine.received.length === 3);
    await stop();
    await mine.close();
    expect(mine.received.map((item) => item.change.name)).toEqual(["p0", "p2", "p4"]);
  });

  it("several publishers at once still publish each change once, in order", async () => {
    const stops = await Promise.all(
      [1, 2, 3].map(() => run(createChangeFeedPublisher({ store, bus, logger }))),
    );
    const consumer = await collect(bus);
    const written: number[] = [];
    for (let i = 0; i < 40; i++) {
      written.push((await store.create(`/registry/pods/default/p${i}`, podBytes(`p${i}`))).modRevision);
    }
    await waitFor(() => consumer.received.length >= written.length, { description: "40 changes" });
    await Promise.all(stops.map((stop) => stop()));
    await consumer.close();
    expect(revisions(consumer.received)).toEqual(written);
  });

  it("resumes after a restart from the stream's last revision, losing and repeating nothing", async () => {
    const consumer = await collect(bus);
    const written: number[] = [];
    const write = async (name: string) =>
      written.push((await store.create(`/registry/pods/default/${name}`, podBytes(name))).modRevision);
    let stop = await run(createChangeFeedPublisher({ store, bus, logger }));
    await write("before");
    await waitFor(() => consumer.received.length === 1);
    await stop();
    await write("while-down-1");
    await write("while-down-2");
    stop = await run(createChangeFeedPublisher({ store, bus, logger }));
    await write("after");
    await waitFor(() => consumer.received.length === 4, { description: "4 changes after the restart" });
    await stop();
    await consumer.close();
    expect(revisions(consumer.received)).toEqual(written);
  });
});

describe("change feed publisher when nats-server crashes", () => {
  it("still publishes every change once, in order, after the server comes back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "capstan-feed-"));
    const store = await createSqliteStore({ path: join(dir, "state.db"), logger });
    const nats = await startNats();
    const bus = await connectNatsBus({ servers: nats.url, logger, requestTimeoutMs: 1_000 });
    try {
      const stop = await run(createChangeFeedPublisher({ store, bus, logger, retryMs: 20 }));
      const consumer = await collect(bus);
      const written: number[] = [];
      const write = async (name: string) =>
        written.push((await store.create(`/registry/pods/default/${name}`, podBytes(name))).modRevision);
      for (let i = 0; i < 5; i++) await write(`before-${i}`);
      await waitFor(() => consumer.received.length === 5);
      await nats.kill();
      for (let i = 0; i < 5; i++) await write(`during-${i}`);
      await nats.restart();
      for (let i = 0; i < 5; i++) await write(`after-${i}`);
      await waitFor(() => consumer.received.length >= written.length, {
        timeoutMs: 20_000,
        description: "every change after the crash",
      });
      await stop();
      await consumer.close();
      expect(revisions(consumer.received)).toEqual(written);
    } finally {
      await bus.close();
      await nats.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("change feed publisher and oversized objects", () => {
  it("skips a change the bus refuses and keeps publishing the ones after it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "capstan-feed-"));
    const store = await createSqliteStore({ path: join(dir, "state.db"), logger });
    const bus = createMemoryBus({ maxPayloadBytes: 2_000 });
    try {
      const stop = await run(createChangeFeedPublisher({ store, bus, logger }));
      const consumer = await collect(bus);
      const small = await store.create("/registry/pods/default/small", podBytes("small"));
      await store.create("/registry/pods/default/huge", podBytes("huge", "", "x".repeat(5_000)));
      const after = await store.create("/registry/pods/default/after", podBytes("after"));
      await waitFor(() => consumer.received.length === 2);
      await stop();
      await consumer.close();
      expect(revisions(consumer.received)).toEqual([small.modRevision, after.modRevision]);
    } finally {
      await bus.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
