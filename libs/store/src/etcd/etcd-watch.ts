import type { Etcd3, IWatchResponse } from "etcd3";
import { revisionCompacted, storeClosed } from "../errors.js";
import type { StoreLogger } from "../logger.js";
import type { WatchEvent, WatchOptions } from "../store.js";
import { StoreError } from "../store-error.js";
import { revisionOf, toWatchEvent } from "./convert.js";
import { prefixRangeEnd, prefixRangeStart } from "./key-bytes.js";
import { ResponseQueue } from "./response-queue.js";

/** What a watch needs from the store that started it. */
export interface EtcdWatchContext {
  client: Etcd3;
  logger: StoreLogger;
  /** Keep re-opening a broken stream this long before failing with "unavailable". */
  retryMs: number;
  /** Aborts when the store closes. */
  closed: AbortSignal;
  compactedRevision(): number;
  /** Records a compacted revision etcd reported. */
  observeCompaction(revision: number): void;
}

const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1_000;

/**
 * Watches a prefix from `afterRevision + 1` with previous values. A broken stream (a member killed, a
 * connection reset) is re-opened from the revision after the last one delivered, on another member when
 * one is down, so no change is lost or repeated; only history compacted in between ends the watch.
 */
export async function* watchEtcd(
  context: EtcdWatchContext,
  options: WatchOptions,
): AsyncGenerator<WatchEvent[]> {
  let next = options.afterRevision + 1;
  let failingSince: number | undefined;
  let backoffMs = FIRST_BACKOFF_MS;
  while (!options.signal.aborted) {
    if (next - 1 < context.compactedRevision())
      throw revisionCompacted(next - 1, context.compactedRevision());
    try {
      for await (const response of openStream(context, options, next)) {
        if (response.canceled) throw cancelled(context, response, next - 1);
        failingSince = undefined;
        backoffMs = FIRST_BACKOFF_MS;
        if (response.created) continue;
        const last = response.events.at(-1);
        if (last) {
          next = revisionOf(last.kv.mod_revision) + 1;
          yield response.events.map(toWatchEvent);
        } else {
          // A progress notification: every change up to the header's revision has been delivered.
          next = Math.max(next, revisionOf(response.header.revision) + 1);
        }
      }
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (options.signal.aborted) return;
      if (context.closed.aborted) throw storeClosed(error);
      failingSince ??= Date.now();
      if (Date.now() - failingSince > context.retryMs) {
        throw new StoreError("unavailable", `etcd watch failed for ${context.retryMs} ms`, { cause: error });
      }
      context.logger.warn({ err: error, revision: next }, "etcd watch stream broke; re-opening");
      await pause(backoffMs, options.signal, context.closed);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }
}

/** One watch stream from `startRevision`, cancelled when the watch or the store ends. */
async function* openStream(
  context: EtcdWatchContext,
  options: WatchOptions,
  startRevision: number,
): AsyncGenerator<IWatchResponse> {
  const stream = await context.client.watchClient.watch();
  const queue = new ResponseQueue<IWatchResponse>();
  const stop = () => queue.fail(new Error("watch stopped"));
  options.signal.addEventListener("abort", stop);
  context.closed.addEventListener("abort", stop);
  // Either may have aborted while the stream was being opened.
  if (options.signal.aborted || context.closed.aborted) stop();
  stream
    .on("data", (response) => queue.push(response))
    .on("error", (error) => queue.fail(error))
    .on("end", () => queue.fail(new Error("etcd ended the watch stream")));
  try {
    stream.write({
      create_request: {
        key: prefixRangeStart(options.prefix),
        range_end: prefixRangeEnd(options.prefix),
        start_revision: startRevision,
        prev_kv: true,
        progress_notify: true,
      },
    });
    yield* queue;
  } finally {
    options.signal.removeEventListener("abort", stop);
    context.closed.removeEventListener("abort", stop);
    // Ending the writable side first keeps etcd3 from counting our own cancellation as a host failure
    // (it would reset the member's connections and, after three, open its circuit breaker).
    stream.end();
    stream.cancel();
  }
}

function cancelled(context: EtcdWatchContext, response: IWatchResponse, after: number): StoreError {
  const compactRevision = revisionOf(response.compact_revision);
  if (compactRevision > 0) {
    context.observeCompaction(compactRevision);
    return revisionCompacted(after, compactRevision);
  }
  return new StoreError(
    "unavailable",
    `etcd cancelled the watch: ${response.cancel_reason || "no reason given"}`,
  );
}

/** Waits before a retry; returns early when either signal aborts. */
function pause(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const signal of signals) signal.addEventListener("abort", done, { once: true });
  });
}
