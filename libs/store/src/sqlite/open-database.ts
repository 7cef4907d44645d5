import Database from "better-sqlite3";
import { StoreError } from "../store-error.js";

/** The revision log (one row per change, kine's layout) and the store's own bookkeeping. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS revision_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value BLOB NOT NULL,
  old_value BLOB
);
CREATE INDEX IF NOT EXISTS revision_log_name_id ON revision_log (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS revision_log_name_prev_revision ON revision_log (name, prev_revision);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

export interface OpenOptions {
  path: string;
  /** How long a statement waits on a lock before failing. */
  busyTimeoutMs: number;
  /** How long opening waits for another process to release the database. */
  lockTimeoutMs: number;
}

/**
 * Opens (creating if needed) the database and takes the write lock for the life of the connection.
 *
 * `locking_mode = EXCLUSIVE` keeps the lock from the first write until close, so a second process (a
 * second apiserver on the same file) fails here at start instead of interleaving writes: this process is
 * then the only writer, which is what lets revisions be assigned and changes be announced in memory.
 * `synchronous = FULL` syncs the WAL on every commit, so an acknowledged write survives a crash of the
 * process and of the machine.
 */
export function openDatabase(options: OpenOptions): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: options.lockTimeoutMs });
  } catch (error) {
    throw new StoreError("unavailable", `cannot open SQLite database ${options.path}: ${message(error)}`, {
      cause: error,
    });
  }
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    // Only takes effect on a new database: lets compaction hand freed pages back to the file system.
    db.pragma("auto_vacuum = INCREMENTAL");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    // The first write transaction takes the exclusive lock that this connection keeps.
    db.exec(`BEGIN IMMEDIATE; ${SCHEMA} COMMIT;`);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new StoreError(
        "unavailable",
        `SQLite database ${options.path} is in use by another process (is another apiserver running on it?): ` +
          "only one process may open it",
        { cause: error },
      );
    }
    throw new StoreError("unavailable", `cannot prepare SQLite database ${options.path}: ${message(error)}`, {
      cause: error,
    });
  }
}

function isBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_"))
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
