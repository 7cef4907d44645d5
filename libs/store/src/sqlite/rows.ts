import type { KeyValue, WatchEvent } from "../store.js";

/** One row of the revision log: one change to one key. */
export interface LogRow {
  /** The change's revision. */
  id: number;
  name: string;
  /** 1 when this change created the key (first ever, or after a deletion). */
  created: number;
  /** 1 when this change deleted the key (a tombstone). */
  deleted: number;
  create_revision: number;
  /** Revision of the key's previous change (0 if none). */
  prev_revision: number;
  /** The key's value after this change (empty for a tombstone). */
  value: Buffer;
  /** The key's value before this change (null for a creation). */
  old_value: Buffer | null;
}

/** A row read to learn a key's version, without the previous value (which only watches need). */
export type VersionRow = Omit<LogRow, "old_value">;

/** Columns of a VersionRow. */
export const VERSION_COLUMNS = "id, name, created, deleted, create_revision, prev_revision, value";

/** The key as this row leaves it (for a live row). */
export function rowToKeyValue(row: VersionRow): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

/** The change a row records, as a watch event. */
export function rowToEvent(row: LogRow): WatchEvent {
  const before = row.old_value ?? Buffer.alloc(0);
  if (row.deleted) {
    return {
      type: "delete",
      kv: { key: row.name, value: before, createRevision: row.create_revision, modRevision: row.id },
    };
  }
  if (row.created) return { type: "put", kv: rowToKeyValue(row) };
  return {
    type: "put",
    kv: rowToKeyValue(row),
    prevKv: {
      key: row.name,
      value: before,
      createRevision: row.create_revision,
      modRevision: row.prev_revision,
    },
  };
}
