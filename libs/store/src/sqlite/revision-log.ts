import type Database from "better-sqlite3";
import { prefixEnd } from "./key-range.js";
import { type LogRow, VERSION_COLUMNS, type VersionRow } from "./rows.js";

/** A key range: names from `from` (inclusive unless `exclusive`) up to `to` (exclusive; none = no end). */
export interface NameRange {
  from: string;
  exclusive: boolean;
  to: string | undefined;
}

/** The range of names under `prefix`, optionally starting strictly after `startAfter`. */
export function nameRange(prefix: string, startAfter?: string): NameRange {
  return startAfter === undefined
    ? { from: prefix, exclusive: false, to: prefixEnd(prefix) }
    : { from: startAfter, exclusive: true, to: prefixEnd(prefix) };
}

/** The prepared statements over the revision log. Synchronous, like better-sqlite3 itself. */
export class RevisionLog {
  private readonly byRangeSql = new Map<string, Database.Statement>();
  private readonly latestStmt: Database.Statement;
  private readonly latestAtStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly sequenceStmt: Database.Statement;
  private readonly getMetaStmt: Database.Statement;
  private readonly setMetaStmt: Database.Statement;
  private readonly deleteSupersededStmt: Database.Statement;
  private readonly deleteTombstonesStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.latestStmt = db.prepare(
      `SELECT ${VERSION_COLUMNS} FROM revision_log WHERE name = ? ORDER BY id DESC LIMIT 1`,
    );
    this.latestAtStmt = db.prepare(
      `SELECT ${VERSION_COLUMNS} FROM revision_log WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO revision_log (id, name, created, deleted, create_revision, prev_revision, value, old_value)
       VALUES (@id, @name, @created, @deleted, @create_revision, @prev_revision, @value, @old_value)`,
    );
    this.sequenceStmt = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'revision_log'").pluck();
    this.getMetaStmt = db.prepare("SELECT value FROM store_meta WHERE key = ?").pluck();
    this.setMetaStmt = db.prepare(
      "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    // A change supersedes its key's previous change: that older row is not needed at or after the change.
    this.deleteSupersededStmt = db.prepare(
      `DELETE FROM revision_log WHERE id IN (
         SELECT prev_revision FROM revision_log WHERE id > ? AND id <= ? AND prev_revision != 0)`,
    );
    this.deleteTombstonesStmt = db.prepare(
      "DELETE FROM revision_log WHERE deleted = 1 AND id >= ? AND id < ?",
    );
  }

  /** The key's latest change at or before `revision` (latest of all when undefined). */
  latest(name: string, revision?: number): VersionRow | undefined {
    const row = revision === undefined ? this.latestStmt.get(name) : this.latestAtStmt.get(name, revision);
    return row as VersionRow | undefined;
  }

  /**
   * Live keys in `range` as of `revision`, in name order; `limit` < 0 means all. Walks the name index in
   * order keeping each key's newest row at or before `revision`, so a page stops reading at its limit.
   */
  list(range: NameRange, revision: number, limit: number): VersionRow[] {
    const sql = `SELECT ${VERSION_COLUMNS} FROM revision_log AS log
      WHERE ${rangeCondition(range)} AND id <= @revision AND deleted = 0
        AND NOT EXISTS (SELECT 1 FROM revision_log AS newer
                        WHERE newer.name = log.name AND newer.id > log.id AND newer.id <= @revision)
      ORDER BY name LIMIT @limit`;
    return this.statement(sql).all({ from: range.from, to: range.to, revision, limit }) as VersionRow[];
  }

  /** Changes in `range` after revision `after`, in revision order, at most `limit`. */
  changesAfter(range: NameRange, after: number, limit: number): LogRow[] {
    const sql = `SELECT * FROM revision_log WHERE id > @after AND ${rangeCondition(range)} ORDER BY id LIMIT @limit`;
    return this.statement(sql).all({ from: range.from, to: range.to, after, limit }) as LogRow[];
  }

  append(row: LogRow): void {
    this.insertStmt.run(row);
  }

  /** The highest revision ever assigned (AUTOINCREMENT never reuses one, even after compaction). */
  lastRevision(): number {
    return Number(this.sequenceStmt.get() ?? 0);
  }

  /** A number the store keeps about itself (0 when never set). */
  meta(key: string): number {
    return Number(this.getMetaStmt.get(key) ?? 0);
  }

  setMeta(key: string, value: number): void {
    this.setMetaStmt.run(key, value);
  }

  /**
   * One step of compacting to `target`, over the revisions [from, to) (to <= target): drops the rows that
   * changes in (from, to] superseded, and the tombstones in [from, to). Steps over consecutive ranges from
   * the previous compacted revision up to `target` remove exactly what no read at or after `target` needs.
   * Returns the number of rows removed.
   */
  compactStep(from: number, to: number): number {
    const superseded = this.deleteSupersededStmt.run(from, to).changes;
    return superseded + this.deleteTombstonesStmt.run(from, to).changes;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.byRangeSql.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.byRangeSql.set(sql, statement);
    }
    return statement;
  }
}

function rangeCondition(range: NameRange): string {
  const lower = range.exclusive ? "name > @from" : "name >= @from";
  return range.to === undefined ? lower : `${lower} AND name < @to`;
}
