import type Database from "better-sqlite3";
import { futureRevision, invalid, keyExists, revisionCompacted, storeClosed } from "../errors.js";
import type { StoreLogger } from "../logger.js";
import type {
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  WatchEvent,
  WatchOptions,
} from "../store.js";
import { StoreError } from "../store-error.js";
import {
  checkKey,
  checkListOptions,
  checkLogger,
  checkRevision,
  checkValue,
  checkWatchOptions,
} from "../validate.js";
import { ChangeSignal } from "./change-signal.js";
import { creationRow, expectLive, tombstoneRow, updateRow } from "./changes.js";
import { Compactor } from "./compactor.js";
import { type Change, GroupCommit } from "./group-commit.js";
import { startMaintenance } from "./maintenance.js";
import { openDatabase } from "./open-database.js";
import { type NameRange, nameRange, RevisionLog } from "./revision-log.js";
import { type LogRow, rowToKeyValue } from "./rows.js";
import { type ChangeBatch, watchLog } from "./sqlite-watch.js";

export interface SqliteStoreOptions {
  /** Database file; created when missing. */
  path: string;
  /** Background compaction period; 0 disables it. Default 5 minutes. */
  compactIntervalMs?: number;
  /** Revisions of history background compaction keeps. Default 1000. */
  keepRevisions?: number;
  /** Period of `wal_checkpoint(TRUNCATE)`; 0 disables it. Default 1 minute. */
  checkpointIntervalMs?: number;
  /** How long a statement waits on a lock. Default 5 s. */
  busyTimeoutMs?: number;
  logger?: StoreLogger;
}

/**
 * Opens the embedded store: a kine-style revision log in one SQLite file (WAL), written by this process
 * only. Fails with "unavailable" when another process has the file open.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (typeof options !== "object" || options === null) throw invalid("options must be an object");
  if (typeof options.path !== "string" || options.path === "")
    throw invalid("path must be a non-empty string");
  const compactIntervalMs = options.compactIntervalMs ?? 5 * 60_000;
  const keepRevisions = options.keepRevisions ?? 1_000;
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 60_000;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  checkRevision(compactIntervalMs, "compactIntervalMs");
  checkRevision(keepRevisions, "keepRevisions");
  checkRevision(checkpointIntervalMs, "checkpointIntervalMs");
  checkRevision(busyTimeoutMs, "busyTimeoutMs");
  const logger = checkLogger(options.logger);
  const db = openDatabase({ path: options.path, busyTimeoutMs, lockTimeoutMs: 1_000 });
  const store = new SqliteStore(db, logger);
  store.startMaintenance(compactIntervalMs, checkpointIntervalMs, keepRevisions);
  return store;
}

class SqliteStore implements Store {
  readonly driver = "sqlite";
  private readonly log: RevisionLog;
  private readonly compactor: Compactor;
  private readonly changes = new ChangeSignal();
  private readonly writes: GroupCommit;
  private revision: number;
  private closed = false;
  private stopMaintenance = () => {};

  constructor(
    private readonly db: Database.Database,
    private readonly logger: StoreLogger,
  ) {
    this.log = new RevisionLog(db);
    this.compactor = new Compactor(db, this.log);
    this.revision = this.log.lastRevision();
    this.writes = new GroupCommit({
      db,
      log: this.log,
      revision: () => this.revision,
      committed: (revision) => {
        this.revision = revision;
        this.changes.notify(revision);
      },
      failure: toStoreError,
    });
  }

  startMaintenance(compactIntervalMs: number, checkpointIntervalMs: number, keepRevisions: number): void {
    this.stopMaintenance = startMaintenance({
      compactIntervalMs,
      checkpointIntervalMs,
      logger: this.logger,
      compact: () => this.compactor.compact(Math.max(0, this.revision - keepRevisions)),
      checkpoint: () => this.checkpoint(),
    });
  }

  async get(key: string, options: GetOptions = {}): Promise<KeyValue | undefined> {
    checkKey(key);
    const revision = options.revision ?? 0;
    checkRevision(revision, "get revision");
    return this.guard(() => {
      this.checkReadable(revision);
      const row = this.log.latest(key, revision || undefined);
      return row && !row.deleted ? rowToKeyValue(row) : undefined;
    });
  }

  async list(options: ListOptions): Promise<ListResult> {
    const { prefix, revision, limit, startAfter } = checkListOptions(options);
    return this.guard(() => {
      this.checkReadable(revision);
      const readRevision = revision || this.revision;
      const rows = this.log.list(nameRange(prefix, startAfter), readRevision, limit > 0 ? limit + 1 : -1);
      const more = limit > 0 && rows.length > limit;
      return {
        items: rows.slice(0, more ? limit : rows.length).map(rowToKeyValue),
        revision: readRevision,
        more,
      };
    });
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    checkKey(key);
    checkValue(value);
    const created = await this.write(key, (latest, next) => {
      if (latest && !latest.deleted) throw keyExists(key);
      return creationRow(key, next, latest, value);
    });
    return rowToKeyValue(created);
  }

  async update(key: string, value: Uint8Array, expectedRevision: number): Promise<KeyValue> {
    checkKey(key);
    checkValue(value);
    checkRevision(expectedRevision, "expectedRevision", 1);
    const updated = await this.write(key, (latest, next) => {
      return updateRow(expectLive(key, latest, expectedRevision), next, value);
    });
    return rowToKeyValue(updated);
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    checkKey(key);
    if (expectedRevision !== undefined) checkRevision(expectedRevision, "expectedRevision", 1);
    const tombstone = await this.write(key, (latest, next) => {
      return tombstoneRow(expectLive(key, latest, expectedRevision), next);
    });
    return { ...rowToKeyValue(tombstone), value: tombstone.old_value ?? tombstone.value };
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent[]> {
    const checked = checkWatchOptions(options);
    this.ensureOpen();
    return watchLog(
      {
        read: (range, after, limit) => this.guard(() => this.readChanges(range, after, limit)),
        waitBeyond: (revision, signal) => this.changes.waitBeyond(revision, this.revision, signal),
      },
      checked,
    );
  }

  async currentRevision(): Promise<number> {
    return this.guard(() => this.revision);
  }

  async compactedRevision(): Promise<number> {
    return this.guard(() => this.compactor.compactedRevision);
  }

  async compact(revision: number): Promise<void> {
    checkRevision(revision, "compact revision");
    this.guard(() => {
      if (revision > this.revision) throw futureRevision(revision, this.revision);
    });
    await this.compactor.compact(revision).catch((error: unknown) => {
      throw toStoreError(error);
    });
    this.guard(() => this.checkpoint());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopMaintenance();
    // Writes accepted before close still commit.
    this.writes.flush();
    this.changes.close(storeClosed());
    await this.compactor.idle();
    try {
      this.checkpoint();
    } catch (error) {
      throw toStoreError(error);
    } finally {
      this.db.close();
    }
  }

  /** Queues a change for the next group commit, after which watchers hear of it. */
  private write(key: string, change: Change): Promise<LogRow> {
    this.ensureOpen();
    return this.writes.submit(key, change);
  }

  private readChanges(range: NameRange, after: number, limit: number): ChangeBatch {
    if (after < this.compactor.compactedRevision)
      throw revisionCompacted(after, this.compactor.compactedRevision);
    const rows = this.log.changesAfter(range, after, limit);
    const last = rows.at(-1);
    const upTo = rows.length === limit && last ? last.id : Math.max(after, this.revision);
    return { rows, upTo };
  }

  /** Reads at a revision must lie within the kept history (0 means the latest). */
  private checkReadable(revision: number): void {
    if (revision === 0) return;
    const oldest = this.compactor.compactedRevision;
    if (revision < oldest) throw revisionCompacted(revision, oldest);
    if (revision > this.revision) throw futureRevision(revision, this.revision);
  }

  private ensureOpen(): void {
    if (this.closed) throw storeClosed();
  }

  private checkpoint(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** Runs a synchronous database call, turning SQLite failures into StoreErrors. */
  private guard<T>(operation: () => T): T {
    this.ensureOpen();
    try {
      return operation();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError("unavailable", `SQLite failed: ${message}`, { cause: error });
}
