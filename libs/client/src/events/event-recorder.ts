import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Event, EventSchema, EventService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { Logger } from "@capstan/runtime";
import { createGrpcClient, type GrpcTransport } from "../grpc/grpc-client.js";
import { type EventSubject, involvedObjectOf } from "./involved-object.js";
import { EventSpamFilter } from "./spam-filter.js";

/** Normal for what went as expected, Warning for what a user should look at. */
export type EventType = "Normal" | "Warning";

/** Records Kubernetes Events about objects, as client-go's recorder does: best effort, aggregated, rate limited. */
export interface EventRecorder {
  /**
   * Records an event about `object`; returns at once. A repeat of the same event (same object, type, reason
   * and message) within the aggregation window bumps the existing Event's count instead of adding one.
   * Write failures are logged, never thrown: events must not break the component that records them.
   */
  event(object: EventSubject, type: EventType, reason: string, message: string, fieldPath?: string): void;
  /** Resolves once every event recorded so far is written (or given up). */
  flush(): Promise<void>;
}

export interface EventRecorderOptions {
  readonly transport: GrpcTransport;
  /** `source.component` and `reportingComponent`, e.g. `default-scheduler`, `kubelet`. */
  readonly component: string;
  /** `source.host` and `reportingInstance`, e.g. the node name for a kubelet. */
  readonly host?: string;
  readonly logger: Logger;
  /** Repeats older than this start a new Event (Kubernetes aggregates within 10 minutes). */
  readonly aggregationWindowMs?: number;
  readonly now?: () => number;
}

interface Aggregate {
  latest: Event;
  firstSeen: number;
}

const MAX_AGGREGATES = 4096;

/** Kubernetes' event name: the object's name, a dot, and the time in nanoseconds in hex. */
function eventName(objectName: string, nowMs: number): string {
  const nanos = BigInt(nowMs) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  return `${objectName}.${nanos.toString(16)}`;
}

/** Creates a recorder that writes Events through the gRPC EventService. */
export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  const events = createGrpcClient(EventService, options.transport);
  const now = options.now ?? Date.now;
  const windowMs = options.aggregationWindowMs ?? 10 * 60_000;
  const host = options.host ?? "";
  const spam = new EventSpamFilter();
  const aggregates = new Map<string, Aggregate>();
  // Writes for one aggregation key run one after another, so a count never goes backwards.
  const chains = new Map<string, Promise<void>>();

  const remember = (key: string, aggregate: Aggregate) => {
    aggregates.delete(key);
    if (aggregates.size >= MAX_AGGREGATES) {
      const oldest = aggregates.keys().next().value;
      if (oldest !== undefined) aggregates.delete(oldest);
    }
    aggregates.set(key, aggregate);
  };

  const createEvent = async (key: string, fresh: Event, at: number) => {
    const written = await events.create(fresh);
    remember(key, { latest: written, firstSeen: at });
  };

  const bump = async (key: string, aggregate: Aggregate, at: number) => {
    const bumped = (latest: Event) =>
      create(EventSchema, { ...latest, count: latest.count + 1, lastTimestamp: timestampFromMs(at) });
    try {
      remember(key, { ...aggregate, latest: await events.update(bumped(aggregate.latest)) });
    } catch (error) {
      if (!ApiError.is(error, "Conflict")) throw error;
      const meta = aggregate.latest.metadata;
      const current = await events.get({ namespace: meta?.namespace ?? "", name: meta?.name ?? "" });
      remember(key, { ...aggregate, latest: await events.update(bumped(current)) });
    }
  };

  const write = async (key: string, fresh: Event, at: number) => {
    const aggregate = aggregates.get(key);
    if (!aggregate || at - aggregate.firstSeen > windowMs) return createEvent(key, fresh, at);
    try {
      await bump(key, aggregate, at);
    } catch (error) {
      if (!ApiError.is(error, "NotFound")) throw error;
      await createEvent(key, fresh, at);
    }
  };

  return {
    event(object, type, reason, message, fieldPath = "") {
      const at = now();
      let involvedObject: ReturnType<typeof involvedObjectOf>;
      try {
        involvedObject = involvedObjectOf(object, fieldPath);
      } catch (error) {
        options.logger.warn({ err: error, reason }, "event not recorded");
        return;
      }
      const objectKey = `${involvedObject.kind}/${involvedObject.namespace}/${involvedObject.name}/${involvedObject.uid}`;
      if (!spam.allow(objectKey, at)) {
        options.logger.debug({ object: objectKey, reason }, "event dropped by the spam filter");
        return;
      }
      const key = `${objectKey}/${fieldPath}/${type}/${reason}/${message}`;
      const timestamp = timestampFromMs(at);
      const fresh = create(EventSchema, {
        metadata: {
          name: eventName(involvedObject.name, at),
          namespace: involvedObject.namespace || "default",
        },
        involvedObject,
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: timestamp,
        lastTimestamp: timestamp,
        source: { component: options.component, host },
        reportingComponent: options.component,
        reportingInstance: host,
      });
      const previous = chains.get(key) ?? Promise.resolve();
      const next = previous
        .then(() => write(key, fresh, at))
        .catch((error: unknown) => {
          options.logger.warn({ err: error, object: objectKey, reason }, "event not recorded");
        })
        .finally(() => {
          if (chains.get(key) === next) chains.delete(key);
        });
      chains.set(key, next);
    },
    async flush() {
      await Promise.all([...chains.values()]);
    },
  };
}
