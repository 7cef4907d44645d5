import { setMaxListeners } from "node:events";
import { fromBinary } from "@bufbuild/protobuf";
import { ChangeSchema, PodService } from "@capstan/api";
import { changeFilter, connectNatsBus } from "@capstan/bus";
import { createGrpcClient, createGrpcTransport } from "@capstan/client";
import { benchPod } from "./apiserver-targets.js";
import { type Summary, summarise } from "./stats.js";

/** How long one write may take to reach every subscriber before the benchmark gives up. */
const DELIVERY_DEADLINE_MS = 30_000;

export interface FanoutSummary extends Summary {
  readonly subscribers: number;
  readonly writes: number;
  /** Delay of the slowest delivery, in ms. */
  readonly maxMs: number;
}

/**
 * Counts deliveries of each write to every subscriber and keeps the delay from the moment the write was
 * sent. Each write creates a pod with a new name, so deliveries are matched by name.
 */
class DeliveryClock {
  readonly delays: number[] = [];
  private readonly sentAt = new Map<string, number>();
  private readonly pending = new Map<string, { left: number; done: () => void }>();

  constructor(private readonly subscribers: number) {}

  /** Marks `name` as sent now; resolves once every subscriber has seen it. */
  send(name: string, measured: boolean): Promise<void> {
    const delivered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${name} reached ${this.subscribers - (this.pending.get(name)?.left ?? 0)} of ${this.subscribers} subscribers in time`,
            ),
          ),
        DELIVERY_DEADLINE_MS,
      );
      this.pending.set(name, {
        left: this.subscribers,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
    if (measured) this.sentAt.set(name, performance.now());
    return delivered;
  }

  /** A subscriber received `name`. */
  received(name: string): void {
    const sent = this.sentAt.get(name);
    if (sent !== undefined) this.delays.push(performance.now() - sent);
    const waiting = this.pending.get(name);
    if (!waiting) return;
    waiting.left--;
    if (waiting.left === 0) {
      this.pending.delete(name);
      waiting.done();
    }
  }
}

/**
 * Writes `writes` pods one after another, each once every subscriber saw the previous one, after a
 * warm-up write that proves every subscription is live. Writes go through the gRPC API at `address`.
 */
async function measureFanout(
  address: string,
  namespace: string,
  clock: DeliveryClock,
  writes: number,
  subscribers: number,
): Promise<FanoutSummary> {
  const transport = createGrpcTransport({ address });
  const pods = createGrpcClient(PodService, transport);
  try {
    const write = async (name: string, measured: boolean) => {
      const delivered = clock.send(name, measured);
      await pods.create(benchPod(namespace, name));
      await delivered;
    };
    await write("warm-up", false);
    const started = performance.now();
    for (let i = 0; i < writes; i++) await write(`fan-${i}`, true);
    const summary = summarise([{ latenciesMs: clock.delays, wallMs: performance.now() - started }]);
    return { ...summary, subscribers, writes, maxMs: Math.max(...clock.delays) };
  } finally {
    transport.close();
  }
}

/** `watchers` gRPC watch streams on the namespace's pods, spread over `channels` HTTP/2 connections. */
export async function grpcWatchFanout(
  address: string,
  namespace: string,
  watchers: number,
  writes: number,
  channels = 8,
): Promise<FanoutSummary> {
  const clock = new DeliveryClock(watchers);
  const transports = Array.from({ length: channels }, () => createGrpcTransport({ address }));
  const controller = new AbortController();
  // One signal ends every watch: that many listeners on it is intended, not a leak.
  setMaxListeners(watchers + 10, controller.signal);
  const clients = transports.map((transport) => createGrpcClient(PodService, transport));
  const start = await clients[0]?.list({ namespace });
  const streams = Array.from({ length: watchers }, async (_, index) => {
    const pods = clients[index % clients.length];
    if (!pods) throw new Error("grpcWatchFanout needs at least one channel");
    const events = pods.watch(
      { namespace, resourceVersion: start?.metadata?.resourceVersion },
      { signal: controller.signal },
    );
    for await (const event of events)
      if (event.type === "ADDED") clock.received(event.object?.metadata?.name ?? "");
  });
  const ended = Promise.allSettled(streams);
  try {
    return await measureFanout(address, namespace, clock, writes, watchers);
  } finally {
    controller.abort();
    await ended;
    for (const transport of transports) transport.close();
  }
}

/** `subscribers` ordered JetStream consumers of the namespace's pod changes, over `connections` NATS connections. */
export async function natsFanout(
  address: string,
  natsUrl: string,
  namespace: string,
  subscribers: number,
  writes: number,
  connections = 10,
): Promise<FanoutSummary> {
  const clock = new DeliveryClock(subscribers);
  const buses = await Promise.all(
    Array.from({ length: connections }, () => connectNatsBus({ servers: natsUrl, name: "bench-subscriber" })),
  );
  const filter = changeFilter({ group: "", resource: "pods", namespace });
  const subscriptions = await Promise.all(
    Array.from({ length: subscribers }, (_, index) =>
      buses[index % connections]?.consume({ from: "new", filter }),
    ),
  );
  const reading = subscriptions.map(async (subscription) => {
    for await (const event of subscription ?? []) {
      if (event.type === "message") clock.received(fromBinary(ChangeSchema, event.payload).name);
    }
  });
  try {
    return await measureFanout(address, namespace, clock, writes, subscribers);
  } finally {
    await Promise.all(subscriptions.map((subscription) => subscription?.close()));
    await Promise.allSettled(reading);
    await Promise.all(buses.map((bus) => bus.close()));
  }
}
