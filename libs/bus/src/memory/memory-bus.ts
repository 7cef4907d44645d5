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
import { DEFAULT_STREAM_CONFIG, resolveStreamConfig, type StreamConfig } from "../stream-config.js";
import { subjectMatches } from "../subject.js";
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  validateAppend,
  validateConsume,
  validatePublish,
  validateSubscribe,
} from "../validate.js";
import { MemoryStreamSubscription } from "./memory-stream-subscription.js";
import { MessageLog } from "./message-log.js";
import { MessageQueue } from "./message-queue.js";

export interface MemoryBusOptions {
  /** Stream settings; the in-process default keeps at most 64 MiB. */
  readonly stream?: Partial<StreamConfig>;
  /** Largest payload accepted. Default 1 MiB (NATS' default max_payload). */
  readonly maxPayloadBytes?: number;
  /** Messages a plain subscriber may fall behind before new ones are dropped. Default 65,536. */
  readonly subscriberCapacity?: number;
  /** Clock in milliseconds, for retention and de-duplication (tests pass their own). */
  readonly now?: () => number;
}

interface PlainSubscriber {
  readonly pattern: string;
  readonly queue: string | undefined;
  readonly messages: MessageQueue<BusMessage>;
}

/**
 * The in-process bus: the same semantics as the NATS driver (de-duplication, expected-last-id,
 * ordered consumption with gaps, bounded retention) with no server, so `capstan up` needs no nats-server.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const stream = resolveStreamConfig(options.stream, {
    ...DEFAULT_STREAM_CONFIG,
    maxBytes: 64 * 1024 * 1024,
  });
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const capacity = options.subscriberCapacity ?? 65_536;
  const log = new MessageLog(stream, options.now ?? Date.now);
  const consumers = new Set<MemoryStreamSubscription>();
  const subscribers = new Set<PlainSubscriber>();
  const queueTurns = new Map<string, number>();
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new BusError("closed", "the bus is closed");
  };

  return {
    driver: "memory",
    stream,
    async append(subject: string, payload: Uint8Array, appendOptions: AppendOptions): Promise<AppendResult> {
      ensureOpen();
      validateAppend(stream, subject, payload, appendOptions, maxPayloadBytes);
      return log.append(subject, payload, appendOptions);
    },
    async lastPosition(): Promise<StreamPosition | undefined> {
      ensureOpen();
      return log.lastPosition();
    },
    async consume(consumeOptions: ConsumeOptions): Promise<StreamSubscription> {
      ensureOpen();
      const from = validateConsume(consumeOptions);
      const start = from === "new" ? log.nextSeq() : from;
      const subscription = new MemoryStreamSubscription(log, start, consumeOptions.filter, (s) =>
        consumers.delete(s),
      );
      consumers.add(subscription);
      return subscription;
    },
    publish(subject: string, payload: Uint8Array): void {
      ensureOpen();
      validatePublish(subject, payload, maxPayloadBytes);
      const groups = new Map<string, PlainSubscriber[]>();
      for (const subscriber of subscribers) {
        if (!subjectMatches(subscriber.pattern, subject)) continue;
        if (subscriber.queue === undefined) subscriber.messages.push({ subject, payload: payload.slice() });
        else groups.set(subscriber.queue, [...(groups.get(subscriber.queue) ?? []), subscriber]);
      }
      // Each queue group gets the message once, round robin over its members.
      for (const [queue, members] of groups) {
        const turn = queueTurns.get(queue) ?? 0;
        queueTurns.set(queue, turn + 1);
        members[turn % members.length]?.messages.push({ subject, payload: payload.slice() });
      }
    },
    subscribe(pattern: string, subscribeOptions: SubscribeOptions = {}): Subscription {
      ensureOpen();
      validateSubscribe(pattern, subscribeOptions);
      const queue = subscribeOptions.queue;
      const subscriber: PlainSubscriber = { pattern, queue, messages: new MessageQueue(capacity) };
      subscribers.add(subscriber);
      return {
        [Symbol.asyncIterator]: () => subscriber.messages,
        async close() {
          subscribers.delete(subscriber);
          subscriber.messages.close();
        },
      };
    },
    async ping(): Promise<void> {
      ensureOpen();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers].map((consumer) => consumer.close()));
      for (const subscriber of subscribers) subscriber.messages.close();
      subscribers.clear();
    },
  };
}
