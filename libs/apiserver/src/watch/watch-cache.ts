import { ApiError } from "@capstan/apimachinery";
import { abortableDelay, type Logger } from "@capstan/runtime";
import { type Store, StoreError, type WatchEvent } from "@capstan/store";
import {
  type CacheEvent,
  type CacheSubscriber,
  type CacheSubscription,
  REGISTRY_ROOT,
  resourceOfKey,
  toCacheEvent,
  tooLargeResourceVersion,
} from "./cache-event.js";
import { RingBuffer } from "./ring-buffer.js";

export interface WatchCacheOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Events kept per resource for watchers resuming from a recent revision. Default 1000. */
  readonly capacity?: number;
  /** How often subscribers get a bookmark. Default 30 s. */
  readonly bookmarkIntervalMs?: number;
}

interface ResourceWindow {
  readonly buffer: RingBuffer<CacheEvent>;
  /** Every event with a revision above this one is in the buffer. */
  start: number;
  readonly subscribers: Set<CacheSubscriber>;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * The in-memory history of recent changes, one window per resource, fed by a single store watch on
 * `/registry/` and shared by every watcher (so hundreds of watches cost one store watch). A watcher
 * resuming inside the window gets the missed events replayed, then live ones; older is 410 Expired.
 */
export class WatchCache {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #capacity: number;
  readonly #bookmarkIntervalMs: number;
  readonly #windows = new Map<string, ResourceWindow>();
  #revision = -1;
  /**
   * The revision the cache has followed every change since: a resource's window reaches back to it until
   * its buffer first overflows (a resource with no events yet is complete back to it too).
   */
  #origin = -1;
  #healthy = false;
  #markReady: () => void = () => {};
  /** Resolves once the cache has its starting revision and serves subscriptions. */
  readonly ready: Promise<void>;

  constructor(options: WatchCacheOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#capacity = options.capacity ?? 1000;
    this.#bookmarkIntervalMs = options.bookmarkIntervalMs ?? 30_000;
    this.ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  /** The last revision the cache has processed. */
  get revision(): number {
    return this.#revision;
  }

  /** False while the store watch is broken and being re-established. */
  get healthy(): boolean {
    return this.#healthy;
  }

  /** Runs the store watch until `signal` aborts, re-establishing it after failures. */
  async start(signal: AbortSignal): Promise<void> {
    this.#revision = await this.#store.currentRevision();
    this.#origin = this.#revision;
    this.#healthy = true;
    this.#markReady();
    const ticker = setInterval(() => this.#sendBookmarks(), this.#bookmarkIntervalMs);
    try {
      await this.#follow(signal);
    } finally {
      clearInterval(ticker);
      this.#healthy = false;
      this.#closeAll(ApiError.serviceUnavailable("the apiserver is shutting down"));
    }
  }

  /**
   * Subscribes to one resource's changes after `fromRevision`: buffered ones are delivered at once, then
   * live ones. Throws 410 when the window no longer reaches back that far, 504 when the revision is ahead
   * of the store, 503 before the cache has started.
   */
  async subscribe(
    resource: string,
    fromRevision: number,
    subscriber: CacheSubscriber,
  ): Promise<CacheSubscription> {
    if (this.#revision < 0) throw ApiError.serviceUnavailable("the watch cache is not ready yet");
    if (fromRevision > this.#revision) {
      const current = await this.#store.currentRevision();
      if (fromRevision > current) throw tooLargeResourceVersion(fromRevision, current);
    }
    const window = this.#window(resource);
    if (fromRevision < window.start) {
      throw ApiError.gone(`too old resource version: ${fromRevision} (${window.start})`);
    }
    const missed = window.buffer.newestWhile((event) => event.revision > fromRevision);
    window.subscribers.add(subscriber);
    if (missed.length > 0) this.#deliver(window, subscriber, missed);
    return { unsubscribe: () => window.subscribers.delete(subscriber) };
  }

  async #follow(signal: AbortSignal): Promise<void> {
    let retryMs = RETRY_MIN_MS;
    while (!signal.aborted) {
      try {
        const watch = this.#store.watch({ prefix: REGISTRY_ROOT, afterRevision: this.#revision, signal });
        // Healthy again as soon as the watch is open; a watch that fails at once flips it back.
        this.#healthy = true;
        for await (const batch of watch) {
          retryMs = RETRY_MIN_MS;
          this.#apply(batch);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.#healthy = false;
        this.#logger.warn({ err: error, revision: this.#revision }, "store watch failed; re-establishing it");
        if (StoreError.is(error, "compacted")) await this.#restartWindows();
      }
      if (signal.aborted) return;
      await abortableDelay(retryMs, signal);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }

  /** History we had not read yet was compacted away: start over from now and make every watcher relist. */
  async #restartWindows(): Promise<void> {
    try {
      this.#revision = await this.#store.currentRevision();
    } catch (error) {
      this.#logger.warn({ err: error }, "cannot read the store revision");
      return;
    }
    this.#origin = this.#revision;
    this.#closeAll(ApiError.gone("the watch cache lost its history; list again"));
    for (const window of this.#windows.values()) {
      window.buffer.clear();
      window.start = this.#revision;
    }
  }

  #apply(batch: readonly WatchEvent[]): void {
    const byResource = new Map<string, CacheEvent[]>();
    for (const change of batch) {
      const event = toCacheEvent(change);
      if (event.revision <= this.#revision) continue;
      const resource = resourceOfKey(event.key);
      if (resource === undefined) continue;
      const events = byResource.get(resource);
      if (events) events.push(event);
      else byResource.set(resource, [event]);
    }
    const last = batch[batch.length - 1];
    if (last) this.#revision = Math.max(this.#revision, last.kv.modRevision);
    for (const [resource, events] of byResource) {
      const window = this.#window(resource);
      for (const event of events) {
        const evicted = window.buffer.push(event);
        if (evicted) window.start = evicted.revision;
      }
      for (const subscriber of window.subscribers) this.#deliver(window, subscriber, events);
    }
  }

  #deliver(window: ResourceWindow, subscriber: CacheSubscriber, events: readonly CacheEvent[]): void {
    try {
      subscriber.events(events);
    } catch (error) {
      window.subscribers.delete(subscriber);
      this.#logger.error({ err: error }, "watch subscriber failed; dropping it");
      subscriber.closed(ApiError.from(error));
    }
  }

  #sendBookmarks(): void {
    for (const window of this.#windows.values()) {
      for (const subscriber of window.subscribers) subscriber.bookmark(this.#revision);
    }
  }

  #closeAll(reason: ApiError): void {
    for (const window of this.#windows.values()) {
      const subscribers = [...window.subscribers];
      window.subscribers.clear();
      for (const subscriber of subscribers) subscriber.closed(reason);
    }
  }

  #window(resource: string): ResourceWindow {
    let window = this.#windows.get(resource);
    if (!window) {
      window = { buffer: new RingBuffer(this.#capacity), start: this.#origin, subscribers: new Set() };
      this.#windows.set(resource, window);
    }
    return window;
  }
}
