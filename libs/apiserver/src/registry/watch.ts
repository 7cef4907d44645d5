import type { Message } from "@bufbuild/protobuf";
import { ApiError } from "@capstan/apimachinery";
import type { CacheEvent, CacheSubscriber } from "../watch/cache-event.js";
import { EventQueue } from "../watch/event-queue.js";
import type { ResourceContext } from "./context.js";
import { listObjects } from "./list.js";
import { metaOf, revisionOf } from "./object-meta.js";
import type { WatchOptions } from "./options.js";
import { compileSelection, type Selection } from "./selection.js";

/**
 * One event of a watch. Objects are shared between the watchers that receive them: do not change them.
 * ERROR carries a Status-worthy error (410 Expired: relist) and is always the last event.
 */
export type RegistryWatchEvent<T> =
  | { readonly type: "ADDED" | "MODIFIED" | "DELETED"; readonly object: T }
  | { readonly type: "BOOKMARK"; readonly resourceVersion: string; readonly initialEventsEnd?: boolean }
  | { readonly type: "ERROR"; readonly error: ApiError };

/** Events a watcher may fall behind by before it is dropped (the client then watches again). */
const QUEUE_LIMIT = 10_000;

/**
 * Watches one namespace (or all, with namespace "") through the shared watch cache. Bad selectors and
 * resource versions throw before the watch starts; a revision older than the cache's window gives a single
 * ERROR event (410 Expired). Without a resourceVersion (or with "0") the current objects come first as
 * ADDED. The iteration ends on `timeoutSeconds`, on `signal`, or when the consumer stops iterating.
 */
export async function watchObjects<T extends Message>(
  ctx: ResourceContext<T>,
  namespace: string,
  options: WatchOptions,
  signal?: AbortSignal,
): Promise<AsyncIterable<RegistryWatchEvent<T>>> {
  const selection = compileSelection(ctx.strategy, options.labelSelector, options.fieldSelector);
  const resourceVersion = options.resourceVersion ?? "";
  const initial = resourceVersion === "" || resourceVersion === "0" || options.sendInitialEvents === true;
  const requested = revisionOf(resourceVersion || "0");
  if (requested === undefined)
    throw ApiError.badRequest(`invalid resource version: ${JSON.stringify(resourceVersion)}`);
  let subscription: { unsubscribe(): void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => queue.close();
  const queue = new EventQueue<RegistryWatchEvent<T>>({
    limit: QUEUE_LIMIT,
    onOverflow: () =>
      ctx.logger.warn({ resource: ctx.type.resource }, "watcher fell too far behind; closing it"),
    onEnd: () => {
      subscription?.unsubscribe();
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    },
  });
  let fromRevision = requested;
  if (initial) {
    const snapshot = await listObjects(ctx, namespace, {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    for (const object of snapshot.items) queue.push({ type: "ADDED", object });
    fromRevision = Number(snapshot.resourceVersion);
    if (options.sendInitialEvents && options.allowWatchBookmarks) {
      queue.push({ type: "BOOKMARK", resourceVersion: snapshot.resourceVersion, initialEventsEnd: true });
    }
  }
  const subscriber = watchSubscriber(ctx, queue, {
    prefix: ctx.storage.prefix(namespace),
    selection,
    bookmarks: options.allowWatchBookmarks ?? false,
    fromRevision,
  });
  try {
    subscription = await ctx.cache.subscribe(ctx.type.resource, fromRevision, subscriber);
  } catch (error) {
    if (!ApiError.is(error, "Expired")) throw error;
    queue.close({ type: "ERROR", error });
    return queue;
  }
  if (options.timeoutSeconds !== undefined && options.timeoutSeconds > 0) {
    timer = setTimeout(stop, options.timeoutSeconds * 1000);
  }
  if (signal?.aborted) stop();
  else signal?.addEventListener("abort", stop, { once: true });
  return queue;
}

interface SubscriberOptions<T> {
  readonly prefix: string;
  readonly selection: Selection<T>;
  readonly bookmarks: boolean;
  readonly fromRevision: number;
}

function watchSubscriber<T extends Message>(
  ctx: ResourceContext<T>,
  queue: EventQueue<RegistryWatchEvent<T>>,
  options: SubscriberOptions<T>,
): CacheSubscriber {
  /** The newest revision handed to this watcher (events may repeat after the cache replays). */
  let seen = options.fromRevision;
  /** The newest revision the client has been told about, by an event or a bookmark. */
  let told = options.fromRevision;
  return {
    events(events) {
      for (const event of events) {
        if (event.revision <= seen || !event.key.startsWith(options.prefix)) continue;
        seen = event.revision;
        const translated = translate(ctx, event, options.selection);
        if (!translated) continue;
        told = event.revision;
        queue.push(translated);
      }
    },
    bookmark(revision) {
      if (!options.bookmarks || revision <= told) return;
      told = revision;
      queue.push({ type: "BOOKMARK", resourceVersion: String(revision) });
    },
    closed(reason) {
      if (ApiError.is(reason, "Expired")) queue.close({ type: "ERROR", error: reason });
      else queue.close();
    },
  };
}

/**
 * What a change looks like through a selector: an object that starts matching is ADDED, one that stops
 * matching is DELETED (its previous state at the new revision), as Kubernetes' watch cache does.
 */
function translate<T extends Message>(
  ctx: ResourceContext<T>,
  event: CacheEvent,
  selection: Selection<T>,
): RegistryWatchEvent<T> | undefined {
  const object = ctx.storage.decodeShared(event.kv);
  const now = selection.matches(object);
  if (event.type !== "MODIFIED" || selection.everything)
    return now ? { type: event.type, object } : undefined;
  const before = event.prevKv ? selection.matches(ctx.storage.decodeShared(event.prevKv)) : now;
  if (now) return { type: before ? "MODIFIED" : "ADDED", object };
  if (!before || !event.prevKv) return undefined;
  const last = ctx.storage.decode(event.prevKv);
  metaOf(last).resourceVersion = String(event.revision);
  return { type: "DELETED", object: last };
}
