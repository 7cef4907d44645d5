import type { WatchEvent, WatchOptions } from "../store.js";
import { type NameRange, nameRange } from "./revision-log.js";
import { type LogRow, rowToEvent } from "./rows.js";

/** Changes read from the log in one go, with the revision the reader has now seen everything up to. */
export interface ChangeBatch {
  rows: LogRow[];
  upTo: number;
}

/** What a watch needs from the store. */
export interface ChangeSource {
  /** Reads changes after `after`; throws "compacted" when that history is gone, "unavailable" once closed. */
  read(range: NameRange, after: number, limit: number): ChangeBatch;
  /** Resolves once a change beyond `revision` is committed or `signal` aborts; rejects once closed. */
  waitBeyond(revision: number, signal: AbortSignal): Promise<void>;
}

/** Rows per batch: bounds the memory of a watch that replays a long history. */
const BATCH_ROWS = 1_000;

/**
 * Replays the log after `afterRevision` and then follows new commits. Each read is one synchronous
 * statement, so no commit can fall between reading the rows and noting how far they reach.
 */
export async function* watchLog(source: ChangeSource, options: WatchOptions): AsyncGenerator<WatchEvent[]> {
  const range = nameRange(options.prefix);
  let cursor = options.afterRevision;
  while (!options.signal.aborted) {
    const batch = source.read(range, cursor, BATCH_ROWS);
    if (batch.rows.length > 0) yield batch.rows.map(rowToEvent);
    cursor = batch.upTo;
    if (batch.rows.length < BATCH_ROWS) await source.waitBeyond(cursor, options.signal);
  }
}
