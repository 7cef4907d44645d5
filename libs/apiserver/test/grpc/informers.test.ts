import { create } from "@bufbuild/protobuf";
import { NamespaceSchema, type Pod, PodSchema, PodService, resources } from "@capstan/api";
import { type Bus, connectNatsBus, createMemoryBus } from "@capstan/bus";
import {
  createFeedSource,
  createGrpcClient,
  createGrpcSource,
  createInformer,
  type Informer,
  type InformerSource,
} from "@capstan/client";
import { type NatsServer, startNats, waitFor } from "@capstan/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createChangeFeedPublisher } from "../../src/feed/change-feed-publisher.js";
import { strategies } from "../../src/kinds/index.js";
import type { ResourceRegistry } from "../../src/registry/resource-registry.js";
import { type GrpcApi, silentLogger, startGrpcApi } from "./harness.js";

const podType = resources.find((type) => type.resource === "pods" && type.group === "");
if (!podType) throw new Error("no pods resource");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function api(options: Parameters<typeof startGrpcApi>[0] = {}): Promise<GrpcApi> {
  // The pod strategy makes spec.nodeName selectable, which the per-node feed informer lists by.
  const started = await startGrpcApi({ strategies, ...options });
  cleanups.push(() => started.stop());
  await started.apiServer.registry
    .require("", "v1", "namespaces")
    .create("", create(NamespaceSchema, { metadata: { name: "apps" } }));
  return started;
}

/** Starts a runnable until the test ends (or until the returned stop is called). */
function run(runnable: { start(signal: AbortSignal): Promise<void> }): () => Promise<void> {
  const controller = new AbortController();
  const running = runnable.start(controller.signal);
  const stop = async () => {
    controller.abort();
    await running;
  };
  cleanups.push(stop);
  return stop;
}

function pods(target: GrpcApi): ResourceRegistry<Pod> {
  return target.apiServer.registry.require("", "v1", "pods") as unknown as ResourceRegistry<Pod>;
}

function pod(name: string, nodeName: string, labels: Record<string, string> = {}): Pod {
  return create(PodSchema, {
    metadata: { name, namespace: "apps", labels },
    spec: { nodeName, containers: [{ name: "app", image: "nginx:1.27" }] },
  });
}

/**
 * A burst of creates, updates and deletes through the registry (the one write path), so an informer has
 * every kind of change to follow. Even-numbered pods go to `nodeName`, odd ones to node "elsewhere".
 */
async function churn(target: GrpcApi, prefix: string, count: number, nodeName = "node-1") {
  const registry = pods(target);
  for (let i = 0; i < count; i++) {
    await registry.create(
      "apps",
      pod(`${prefix}-${i}`, i % 2 === 0 ? nodeName : "elsewhere", { n: String(i % 3) }),
    );
  }
  for (let i = 0; i < count; i += 2) {
    const current = await registry.get("apps", `${prefix}-${i}`);
    current.metadata = { ...current.metadata, labels: { n: "changed" } } as Pod["metadata"];
    await registry.update("apps", `${prefix}-${i}`, current);
  }
  for (let i = 0; i < count; i += 3)
    await registry.delete("apps", `${prefix}-${i}`, { gracePeriodSeconds: 0 });
}

function summary(items: readonly Pod[]): string {
  return items
    .map((item) => `${item.metadata?.name}@${item.metadata?.resourceVersion}`)
    .sort()
    .join(",");
}

/** Waits until the informer's cache equals the store's state (names and resourceVersions). */
async function converged(
  target: GrpcApi,
  informer: Informer<Pod>,
  keep: (item: Pod) => boolean = () => true,
) {
  let want = "";
  let have = "";
  await waitFor(
    async () => {
      const page = await pods(target).list("apps");
      want = summary(page.items.filter(keep));
      have = summary(informer.lister.list({ namespace: "apps" }));
      return have === want;
    },
    { timeoutMs: 15_000, description: "the informer to converge on the store" },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\nwant ${want}\nhave ${have}`);
  });
}

function grpcSource(target: GrpcApi): InformerSource<Pod> {
  return createGrpcSource(createGrpcClient(PodService, target.transport), { namespace: "apps" });
}

describe("informer over the gRPC List+Watch", () => {
  it("converges, and again after the gRPC server restarts", async () => {
    const target = await api();
    await churn(target, "before", 6);
    const informer = createInformer<Pod>({
      source: grpcSource(target),
      logger: silentLogger,
      minBackoffMs: 20,
    });
    run(informer);
    await informer.waitForSync();
    await converged(target, informer);
    await churn(target, "live", 9);
    await converged(target, informer);
    await target.stopGrpc();
    await churn(target, "while-down", 6);
    await target.startGrpc();
    await churn(target, "after", 3);
    await converged(target, informer);
  });

  it("relists when its revision has fallen out of the watch cache (410 Expired)", async () => {
    const target = await api({ watchCacheCapacity: 5 });
    const source = grpcSource(target);
    let lists = 0;
    const counting: InformerSource<Pod> = {
      ...source,
      list: (signal) => {
        lists++;
        return source.list(signal);
      },
    };
    const informer = createInformer<Pod>({ source: counting, logger: silentLogger, minBackoffMs: 20 });
    run(informer);
    await informer.waitForSync();
    await target.stopGrpc();
    await churn(target, "burst", 12);
    await target.startGrpc();
    await converged(target, informer);
    expect(lists).toBeGreaterThanOrEqual(2);
  });
});

describe("informer over the NATS change feed", () => {
  async function natsBus(): Promise<{ server: NatsServer; bus: Bus }> {
    const server = await startNats();
    const bus = await connectNatsBus({ servers: server.url, logger: silentLogger, requestTimeoutMs: 1_000 });
    cleanups.push(async () => {
      await bus.close();
      await server.stop();
    });
    return { server, bus };
  }

  function feedInformer(target: GrpcApi, bus: Bus, nodeName?: string) {
    const source = createFeedSource<Pod>({
      bus,
      type: podType as NonNullable<typeof podType>,
      client: createGrpcClient(PodService, target.transport),
      namespace: "apps",
      ...(nodeName === undefined ? {} : { nodeName }),
    });
    return createInformer<Pod>({ source, logger: silentLogger, minBackoffMs: 20 });
  }

  it("converges, across a restart of the publisher and of nats-server", async () => {
    const target = await api();
    const { server, bus } = await natsBus();
    const publisher = createChangeFeedPublisher({ store: target.store, bus, logger: silentLogger });
    let stopPublisher = run(publisher);
    await publisher.ready();
    await churn(target, "before", 6);
    const all = feedInformer(target, bus);
    const mine = feedInformer(target, bus, "node-1");
    run(all);
    run(mine);
    await Promise.all([all.waitForSync(), mine.waitForSync()]);
    const onNode1 = (item: Pod) => item.spec?.nodeName === "node-1";
    await churn(target, "live", 9);
    await converged(target, all);
    await converged(target, mine, onNode1);

    await stopPublisher();
    await churn(target, "publisher-down", 6);
    stopPublisher = run(createChangeFeedPublisher({ store: target.store, bus, logger: silentLogger }));
    await converged(target, all);
    await converged(target, mine, onNode1);

    await server.restart();
    await churn(target, "nats-restarted", 6);
    await converged(target, all);
    await converged(target, mine, onNode1);
  });

  it("relists when the bus reports a gap", async () => {
    const target = await api();
    const bus = createMemoryBus({ stream: { maxMessages: 3 } });
    cleanups.push(() => bus.close());
    const publisher = createChangeFeedPublisher({ store: target.store, bus, logger: silentLogger });
    run(publisher);
    await publisher.ready();
    const source = createFeedSource<Pod>({
      bus,
      type: podType as NonNullable<typeof podType>,
      client: createGrpcClient(PodService, target.transport),
      namespace: "apps",
    });
    let lists = 0;
    // The list is slow: meanwhile more changes than the stream keeps are published, so the feed has a gap.
    const slow: InformerSource<Pod> = {
      ...source,
      async list(signal) {
        const listed = await source.list(signal);
        if (++lists === 1) await churn(target, "during-list", 9);
        return listed;
      },
    };
    const informer = createInformer<Pod>({ source: slow, logger: silentLogger, minBackoffMs: 20 });
    run(informer);
    await informer.waitForSync();
    await converged(target, informer);
    expect(lists).toBeGreaterThanOrEqual(2);
  });
});
