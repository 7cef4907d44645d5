import { ApiError } from "@capstan/apimachinery";
import { abortableDelay, type Logger, type Runnable } from "@capstan/runtime";
import { createLister, type Lister } from "./lister.js";
import type { KubeObject } from "./object.js";
import { type CacheChange, ObjectCache } from "./object-cache.js";
import type { InformerSource, SourceEvent } from "./source.js";

/** Called after each cache change. Handlers should only enqueue keys; the reconcile reads the cache. */
export type ChangeHandler<T extends KubeObject> = (change: CacheChange<T>) => void;

/**
 * client-go's reflector + indexer in one: lists from a source, then watches from the list's revision into a
 * cache keyed `namespace/name`, relisting on Expired (410) or a broken watch, and tells handlers about every
 * change. Run it with `start(signal)`.
 */
export interface Informer<T extends KubeObject> extends Runnable {
  /** Reads from the cache (which may lag the apiserver: reconciles must tolerate that). */
  readonly lister: Lister<T>;
  /** True once the first list has been stored. */
  hasSynced(): boolean;
  /** Resolves once synced; rejects if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void>;
  /** Adds a handler; it first receives an "added" change for every object already cached. */
  addHandler(handler: ChangeHandler<T>): void;
  /** The revision of the last list or event applied ("" before the first list). */
  lastSyncRevision(): string;
}

export interface InformerOptions<T extends KubeObject> {
  readonly source: InformerSource<T>;
  readonly logger: Logger;
  /** Name in logs and the Runnable's name; defaults to `informer <source description>`. */
  readonly name?: string;
  /** First retry delay after a failed list or watch; doubles up to `maxBackoffMs`. Defaults 100 ms / 30 s. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** Creates an informer over a source. */
export function createInformer<T extends KubeObject>(options: InformerOptions<T>): Informer<T> {
  if (typeof options?.source?.list !== "function" || typeof options.source.watch !== "function") {
    throw new TypeError("createInformer: source must have list() and watch()");
  }
  return new ReflectingInformer(options);
}

class ReflectingInformer<T extends KubeObject> implements Informer<T> {
  readonly name: string;
  readonly lister: Lister<T>;
  private readonly cache = new ObjectCache<T>();
  private readonly handlers: ChangeHandler<T>[] = [];
  private readonly syncWaiters: (() => void)[] = [];
  private readonly source: InformerSource<T>;
  private readonly logger: Logger;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private synced = false;
  private revision = "";

  constructor(options: InformerOptions<T>) {
    this.source = options.source;
    this.name = options.name ?? `informer ${options.source.description}`;
    this.logger = options.logger.child({ informer: this.name });
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.lister = createLister(this.cache);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  lastSyncRevision(): string {
    return this.revision;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal?.reason ?? new Error("aborted before the informer synced"));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  addHandler(handler: ChangeHandler<T>): void {
    if (typeof handler !== "function") throw new TypeError("addHandler: handler must be a function");
    this.handlers.push(handler);
    for (const object of this.cache.list()) this.call(handler, { type: "added", object });
  }

  async start(signal: AbortSignal): Promise<void> {
    let backoff = this.minBackoffMs;
    const listed = () => {
      backoff = this.minBackoffMs;
    };
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal, listed);
      } catch (error) {
        if (signal.aborted) break;
        const expired = isExpired(error);
        this.logger.warn(
          { err: error, revision: this.revision },
          expired ? "watch expired; relisting" : "list/watch failed; relisting",
        );
        if (expired) continue;
        await abortableDelay(backoff, signal);
        backoff = Math.min(this.maxBackoffMs, backoff * 2);
      }
    }
  }

  /**
   * One list, then watches from its revision until the watch fails (throws) or `signal` aborts. A
   * successful list resets the retry backoff (`onListed`).
   */
  private async listAndWatch(signal: AbortSignal, onListed: () => void): Promise<void> {
    const listed = await this.source.list(signal);
    onListed();
    const kept = listed.items.filter((object) => this.keeps(object));
    this.revision = listed.revision;
    this.dispatch(this.cache.replace(kept));
    this.markSynced();
    this.logger.debug({ revision: listed.revision, objects: kept.length }, "listed");
    while (!signal.aborted) {
      let events = 0;
      for await (const event of this.source.watch(this.revision, signal)) {
        events++;
        this.apply(event);
      }
      // A watch that ended cleanly is resumed from the last revision; pause if it gave nothing, so a server
      // that keeps closing streams at once is not hammered.
      if (events === 0) await abortableDelay(this.minBackoffMs, signal);
    }
  }

  private apply(event: SourceEvent<T>): void {
    const revision = event.object.metadata?.resourceVersion;
    if (revision) this.revision = revision;
    if (event.type === "BOOKMARK") return;
    const change =
      event.type === "DELETED" || !this.keeps(event.object)
        ? this.cache.remove(event.object)
        : this.cache.upsert(event.object);
    if (change) this.dispatch([change]);
  }

  private keeps(object: T): boolean {
    return this.source.matches ? this.source.matches(object) : true;
  }

  private dispatch(changes: readonly CacheChange<T>[]): void {
    for (const change of changes) for (const handler of this.handlers) this.call(handler, change);
  }

  private call(handler: ChangeHandler<T>, change: CacheChange<T>): void {
    try {
      handler(change);
    } catch (error) {
      this.logger.error({ err: error, change: change.type }, "informer handler threw");
    }
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }
}

function isExpired(error: unknown): boolean {
  return (
    ApiError.is(error) && (error.reason === "Expired" || error.reason === "Gone" || error.httpCode === 410)
  );
}
