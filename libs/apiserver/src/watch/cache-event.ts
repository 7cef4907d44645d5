import { ApiError } from "@capstan/apimachinery";
import type { KeyValue, WatchEvent } from "@capstan/store";

/** Every object lives under this prefix; the cache holds one store watch on it. */
export const REGISTRY_ROOT = "/registry/";

/** One change of one object, as watchers receive it. */
export interface CacheEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  /** The revision of the change (the object's new resourceVersion; for DELETED, the deletion's). */
  readonly revision: number;
  readonly key: string;
  /** The new value; for DELETED the last value, with modRevision set to the deletion's revision. */
  readonly kv: KeyValue;
  /** The value before the change, when the store reported it (drives selector transitions). */
  readonly prevKv?: KeyValue;
}

/** Receives one resource's events, synchronously and in revision order. */
export interface CacheSubscriber {
  events(events: readonly CacheEvent[]): void;
  /** Every change up to `revision` has been delivered (sent periodically). */
  bookmark(revision: number): void;
  /** The cache dropped this subscriber; the client should watch again from its last revision. */
  closed(reason: ApiError): void;
}

export interface CacheSubscription {
  unsubscribe(): void;
}

/** The event a store change is for watchers (a put on a new key is ADDED). */
export function toCacheEvent(change: WatchEvent): CacheEvent {
  const { kv } = change;
  if (change.type === "delete") return { type: "DELETED", revision: kv.modRevision, key: kv.key, kv };
  const type = kv.createRevision === kv.modRevision ? "ADDED" : "MODIFIED";
  return change.prevKv
    ? { type, revision: kv.modRevision, key: kv.key, kv, prevKv: change.prevKv }
    : { type, revision: kv.modRevision, key: kv.key, kv };
}

/** `/registry/pods/default/web` -> `pods`. */
export function resourceOfKey(key: string): string | undefined {
  if (!key.startsWith(REGISTRY_ROOT)) return undefined;
  const end = key.indexOf("/", REGISTRY_ROOT.length);
  return end < 0 ? undefined : key.slice(REGISTRY_ROOT.length, end);
}

/** 504 for a watch from a revision the store has not reached (Kubernetes' ResourceVersionTooLarge). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError({
    code: 504,
    reason: "Timeout",
    message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
    details: {
      causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
      retryAfterSeconds: 1,
    },
  });
}
