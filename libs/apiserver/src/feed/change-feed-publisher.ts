import { resources as allResources, type ResourceType } from "@capstan/api";
import { type Bus, BusError } from "@capstan/bus";
import type { Logger, Runnable } from "@capstan/runtime";
import { type Store, StoreError } from "@capstan/store";
import { ChangeEncoder, type EncodedChange } from "./change-encoder.js";

export interface ChangeFeedPublisherOptions {
  readonly store: Store;
  readonly bus: Bus;
  readonly logger: Logger;
  /** Resources published; default every resource of @capstan/api. */
  readonly resources?: readonly ResourceType[];
  /** First retry delay after a failure (doubles up to 10 s). Default 100 ms. */
  readonly retryMs?: number;
}

/** The publisher runnable; `ready` says when it knows where to publish from. */
export interface ChangeFeedPublisher extends Runnable {
  /**
   * Resolves once the publisher has fixed its starting revision: every change committed after that is
   * published. (On an empty stream the feed starts at the store's revision at that moment.)
   */
  ready(): Promise<void>;
}

/** Where the publisher stands: the last revision handled, and the stream's last message id as it believes. */
interface Position {
  revision: number;
  lastMsgId: string | undefined;
}

/** Ends one pass of the store watch so the publisher resumes from a new position. */
class Reposition {
  constructor(readonly position: Position) {}
}

/**
 * Publishes every change committed to the store on the bus's stream, once and in revision order: each
 * change is appended with msgId = its revision and expectedLastMsgId = the previous one, so any number of
 * apiservers can run a publisher at once (the stream de-duplicates and refuses out-of-order appends; a
 * publisher told the stream is elsewhere resumes from the stream's last revision). On start it resumes from
 * the stream's last stored revision, so a restart loses nothing the store still holds.
 */
export function createChangeFeedPublisher(options: ChangeFeedPublisherOptions): ChangeFeedPublisher {
  const { store, bus } = options;
  const encoder = new ChangeEncoder(options.resources ?? allResources, store);
  const logger = options.logger.child({ runnable: "change-feed" });
  const retryMs = options.retryMs ?? 100;
  let markReady: () => void = () => {};
  const positioned = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  async function initialPosition(): Promise<Position> {
    const last = await bus.lastPosition();
    const revision = last?.msgId === undefined ? Number.NaN : Number(last.msgId);
    if (last && Number.isSafeInteger(revision) && revision >= 0) return { revision, lastMsgId: last.msgId };
    if (last)
      logger.warn({ msgId: last.msgId }, "the stream's last message is not a change; publishing after it");
    // An empty (or foreign) stream: the feed starts now; consumers list before they follow it.
    return { revision: await store.currentRevision(), lastMsgId: undefined };
  }

  /** Follows the store from `position`, appending each change; returns a new position to resume from. */
  async function publishFrom(position: Position, signal: AbortSignal): Promise<Position> {
    const current = { ...position };
    const watch = store.watch({ prefix: ChangeEncoder.prefix, afterRevision: current.revision, signal });
    for await (const batch of watch) {
      for (const event of batch) {
        const revision = event.kv.modRevision;
        if (revision <= current.revision) continue;
        const encoded = encodeOrSkip(event, revision);
        const result = encoded ? await appendOrSkip(encoded, current.lastMsgId) : undefined;
        if (result?.status === "last-id-mismatch") {
          throw new Reposition(repositionAfterMismatch(result.lastMsgId, revision));
        }
        if (result) current.lastMsgId = String(revision);
        current.revision = revision;
      }
    }
    return current;
  }

  /**
   * Appends one change. A change the bus refuses outright (an object larger than its largest message) is
   * logged and skipped rather than retried forever, which would stop the whole feed behind it.
   */
  async function appendOrSkip(encoded: EncodedChange, lastMsgId: string | undefined) {
    try {
      return await bus.append(encoded.subject, encoded.payload, {
        msgId: String(encoded.revision),
        ...(lastMsgId === undefined ? {} : { expectedLastMsgId: lastMsgId }),
      });
    } catch (error) {
      if (!BusError.is(error, "invalid")) throw error;
      logger.error(
        {
          err: error,
          subject: encoded.subject,
          revision: encoded.revision,
          bytes: encoded.payload.byteLength,
        },
        "the bus refused a change; not publishing it (consumers of it must relist)",
      );
      return undefined;
    }
  }

  function encodeOrSkip(event: Parameters<ChangeEncoder["encode"]>[0], revision: number) {
    try {
      return encoder.encode(event);
    } catch (error) {
      logger.error(
        { err: error, key: event.kv.key, revision },
        "cannot decode a stored object; not publishing it",
      );
      return undefined;
    }
  }

  /**
   * The stream's last id is not ours: someone published further (skip to there), the stream lacks changes
   * we thought were in it (go back to there and publish them again), or it is empty (publish from this
   * change on, with no precondition).
   */
  function repositionAfterMismatch(lastMsgId: string | undefined, revision: number): Position {
    const last = lastMsgId === undefined ? Number.NaN : Number(lastMsgId);
    if (Number.isSafeInteger(last) && last >= 0) return { revision: last, lastMsgId };
    logger.warn({ lastMsgId, revision }, "the stream lost its messages; publishing again from this change");
    return { revision: revision - 1, lastMsgId: undefined };
  }

  return {
    name: "change-feed",
    ready: () => positioned,
    async start(signal) {
      let position: Position | undefined;
      let delay = retryMs;
      while (!signal.aborted) {
        try {
          position ??= await initialPosition();
          markReady();
          position = await publishFrom(position, signal);
          delay = retryMs;
        } catch (error) {
          if (signal.aborted) break;
          if (error instanceof Reposition) {
            position = error.position;
            continue;
          }
          if (StoreError.is(error, "compacted") && position) {
            position = await skipCompacted(position);
            continue;
          }
          logger.warn({ err: error, revision: position?.revision }, "change feed interrupted; retrying");
          position = undefined;
          await pause(delay, signal);
          delay = Math.min(delay * 2, 10_000);
        }
      }
    },
  };

  /** History the feed never published was compacted away: say so loudly, and go on from the present. */
  async function skipCompacted(position: Position): Promise<Position> {
    const revision = await store.currentRevision();
    logger.error(
      { from: position.revision + 1, to: revision },
      "changes were compacted before they could be published; consumers must relist",
    );
    return { revision, lastMsgId: position.lastMsgId };
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
