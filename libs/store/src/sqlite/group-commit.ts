import type Database from "better-sqlite3";
import { StoreError } from "../store-error.js";
import type { RevisionLog } from "./revision-log.js";
import type { LogRow, VersionRow } from "./rows.js";

/** A write: given the key's latest version, the row to append at `revision` (or a StoreError). */
export type Change = (latest: VersionRow | undefined, revision: number) => LogRow;

interface PendingWrite {
  key: string;
  change: Change;
  resolve: (row: LogRow) => void;
  reject: (error: unknown) => void;
}

/** Bounds how long one transaction holds the event loop. */
const MAX_BATCH = 1_000;

export interface GroupCommitOptions {
  db: Database.Database;
  log: RevisionLog;
  /** The last committed revision. */
  revision(): number;
  /** Called after each commit with its last revision. */
  committed(revision: number): void;
  /** Turns a failure of the database itself into the error every write of the batch gets. */
  failure(error: unknown): StoreError;
}

/**
 * Group commit: the writes issued during one turn of the event loop are applied in order in one
 * transaction, so they share one WAL sync instead of paying one each. Each write still sees the ones
 * before it (a create after a create of the same key fails with "exists"), and a write that fails its
 * own check does not affect the others. Writes are acknowledged only once the transaction is durable.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];

  constructor(private readonly options: GroupCommitOptions) {}

  submit(key: string, change: Change): Promise<LogRow> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, change, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits everything submitted so far. */
  flush(): void {
    while (this.pending.length > 0) this.commit(this.pending.splice(0, MAX_BATCH));
  }

  private commit(batch: PendingWrite[]): void {
    const { db, log } = this.options;
    const outcomes: ({ row: LogRow } | { error: StoreError })[] = [];
    let revision = this.options.revision();
    try {
      db.transaction(() => {
        for (const write of batch) {
          try {
            const row = write.change(log.latest(write.key), revision + 1);
            log.append(row);
            revision = row.id;
            outcomes.push({ row });
          } catch (error) {
            // A failed check rejects this write only; a database failure aborts the whole batch.
            if (!(error instanceof StoreError)) throw error;
            outcomes.push({ error });
          }
        }
      })();
    } catch (error) {
      const failure = this.options.failure(error);
      for (const write of batch) write.reject(failure);
      return;
    }
    this.options.committed(revision);
    batch.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome && "row" in outcome) write.resolve(outcome.row);
      else write.reject(outcome?.error);
    });
  }
}
