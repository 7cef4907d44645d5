import type { Logger } from "@capstan/runtime";
import { connect, type NatsConnection, type Subscription as NatsSubscription } from "nats";
import type {
  AppendOptions,
  AppendResult,
  Bus,
  BusMessage,
  ConsumeOptions,
  StreamPosition,
  StreamSubscription,
  SubscribeOptions,
  Subscription,
} from "../bus.js";
import { BusError } from "../bus-error.js";
import { resolveStreamConfig, type StreamConfig } from "../stream-config.js";
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  validateAppend,
  validateConsume,
  validatePublish,
  validateSubscribe,
} from "../validate.js";
import { type ConnectionState, watchConnection } from "./connection-state.js";
import { ensureStream } from "./ensure-stream.js";
import { appendToStream } from "./nats-append.js";
import { JS_NO_MESSAGE_FOUND, jetStreamErrorCode, toBusError } from "./nats-errors.js";
import { type NatsConsumeSettings, NatsStreamSubscription } from "./nats-stream-subscription.js";

export interface NatsBusOptions {
  /** One URL or several (a cluster), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | readonly string[];
  /** Connection name shown by the server (`capstan-apiserver`). */
  readonly name?: string;
  readonly stream?: Partial<StreamConfig>;
  /** Stream replicas in a NATS cluster. Default 1. */
  readonly replicas?: number;
  /** How long a JetStream request may take. Default 5 s. */
  readonly requestTimeoutMs?: number;
  /** Stream subscriptions: messages pulled at a time (the most one buffers ahead of its reader). Default 256. */
  readonly consumeBatch?: number;
  /** Stream subscriptions: how long one pull waits for messages, at least 1 s. Default 5 s. */
  readonly pullExpiresMs?: number;
  /** While busy, how often a subscription verifies skipped sequences against discards. Default 1 s. */
  readonly gapCheckIntervalMs?: number;
  /** Connection events (disconnect, reconnect) are logged here. */
  readonly logger?: Logger;
}

/**
 * Connects to NATS and makes sure the stream exists with the wanted limits. The connection reconnects
 * forever; operations during an outage fail with BusError("unavailable") after the request timeout, and
 * stream subscriptions resume on their own (reporting gaps if messages were discarded meanwhile).
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const stream = resolveStreamConfig(options.stream);
  const servers = typeof options.servers === "string" ? [options.servers] : [...(options.servers ?? [])];
  if (servers.length === 0 || !servers.every((server) => typeof server === "string" && server !== "")) {
    throw new BusError("invalid", "connectNatsBus: servers must be one URL or a non-empty list of URLs");
  }
  const timeout = positiveInteger(options.requestTimeoutMs, 5_000, "requestTimeoutMs");
  const tuning: ConsumeTuning = {
    batch: positiveInteger(options.consumeBatch, 256, "consumeBatch"),
    pullExpiresMs: Math.max(1_000, positiveInteger(options.pullExpiresMs, 5_000, "pullExpiresMs")),
    gapCheckIntervalMs: positiveInteger(options.gapCheckIntervalMs, 1_000, "gapCheckIntervalMs"),
  };
  const replicas = positiveInteger(options.replicas, 1, "replicas");
  const nc = await connect({
    servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout,
  }).catch((error: unknown) => {
    throw toBusError(error, `connecting to ${servers.join(",")}`);
  });
  try {
    const jsm = await nc.jetstreamManager({ timeout });
    await ensureStream(jsm, stream, replicas);
  } catch (error) {
    await nc.close();
    throw toBusError(error, "setting up JetStream");
  }
  return createNatsBus(nc, watchConnection(nc, options.logger), stream, timeout, tuning);
}

function positiveInteger(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new BusError(
      "invalid",
      `connectNatsBus: ${field} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

type ConsumeTuning = Pick<NatsConsumeSettings, "batch" | "pullExpiresMs" | "gapCheckIntervalMs">;

async function createNatsBus(
  nc: NatsConnection,
  connection: ConnectionState,
  stream: StreamConfig,
  timeout: number,
  consume: ConsumeTuning,
): Promise<Bus> {
  const js = nc.jetstream({ timeout });
  const jsm = await nc.jetstreamManager({ timeout });
  const consumers = new Set<NatsStreamSubscription>();
  const subscriptions = new Set<NatsSubscription>();
  const ensureOpen = () => {
    if (nc.isClosed() || nc.isDraining()) throw new BusError("closed", "the bus is closed");
  };
  const maxPayload = () => nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD_BYTES;

  const lastPosition = async (): Promise<StreamPosition | undefined> => {
    ensureOpen();
    try {
      const last = await jsm.streams.getMessage(stream.name, { last_by_subj: ">" });
      return { seq: last.seq, subject: last.subject, msgId: last.header.get("Nats-Msg-Id") || undefined };
    } catch (error) {
      if (jetStreamErrorCode(error) === JS_NO_MESSAGE_FOUND) return undefined;
      throw toBusError(error, "reading the stream's last message");
    }
  };

  return {
    driver: "nats",
    stream,
    async append(subject: string, payload: Uint8Array, options: AppendOptions): Promise<AppendResult> {
      ensureOpen();
      validateAppend(stream, subject, payload, options, maxPayload());
      return appendToStream(js, lastPosition, subject, payload, options);
    },
    lastPosition,
    async consume(options: ConsumeOptions): Promise<StreamSubscription> {
      ensureOpen();
      const from = validateConsume(options);
      try {
        // "new" is resolved to a sequence now, so it means "after this call" even if the consumer is
        // recreated before its first message.
        const start = from === "new" ? (await jsm.streams.info(stream.name)).state.last_seq + 1 : from;
        const subscription = new NatsStreamSubscription(
          { js, jsm, stream: stream.name, filter: options.filter, ...consume },
          start,
          (s) => consumers.delete(s),
        );
        await subscription.open();
        consumers.add(subscription);
        return subscription;
      } catch (error) {
        throw toBusError(error, "starting a stream subscription");
      }
    },
    publish(subject: string, payload: Uint8Array): void {
      ensureOpen();
      validatePublish(subject, payload, maxPayload());
      nc.publish(subject, payload);
    },
    subscribe(pattern: string, options: SubscribeOptions = {}): Subscription {
      ensureOpen();
      validateSubscribe(pattern, options);
      const subscription = nc.subscribe(pattern, { queue: options.queue });
      subscriptions.add(subscription);
      return {
        async *[Symbol.asyncIterator](): AsyncGenerator<BusMessage> {
          for await (const message of subscription) yield { subject: message.subject, payload: message.data };
        },
        async close() {
          subscriptions.delete(subscription);
          subscription.unsubscribe();
        },
      };
    },
    async ping(): Promise<void> {
      ensureOpen();
      if (!connection.connected())
        throw new BusError("unavailable", "pinging JetStream: disconnected from NATS");
      try {
        // A JetStream round trip, not only a connection one: after a server restart the connection is
        // back a little before the stream can serve.
        await jsm.streams.info(stream.name);
      } catch (error) {
        throw toBusError(error, "pinging JetStream");
      }
    },
    async close(): Promise<void> {
      if (nc.isClosed()) return;
      await Promise.all([...consumers].map((consumer) => consumer.close().catch(() => {})));
      for (const subscription of subscriptions) subscription.unsubscribe();
      await nc.drain().catch(() => nc.close());
    },
  };
}
