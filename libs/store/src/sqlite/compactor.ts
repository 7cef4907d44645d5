import type Database from "better-sqlite3";
import type { RevisionLog } from "./revision-log.js";

/** Revisions cleaned per transaction: big enough to be quick, small enough not to stall writes. */
const STEP_REVISIONS = 1_000;
const COMPACTED = "compact_revision";
/** How far row removal got: behind COMPACTED only while a compaction runs (or was cut by a crash). */
const CLEANED = "compact_cleaned";

/**
 * Removes history older than a revision, in steps. The compacted revision is recorded (and refused to
 * reads and watches) in the same transaction as the first step, so nobody reads a half-cleaned past;
 * the cleaning progress is recorded with every step, so a crash mid-way resumes where it stopped.
 */
export class Compactor {
  private compacted: number;
  private cleaned: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    private readonly log: RevisionLog,
  ) {
    this.compacted = log.meta(COMPACTED);
    this.cleaned = log.meta(CLEANED);
  }

  /** The oldest revision still readable. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /** Compacts up to `target` once earlier compactions finished; resolves to the number of rows removed. */
  compact(target: number): Promise<number> {
    const run = this.queue.then(() => this.run(target));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no compaction is running. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async run(requested: number): Promise<number> {
    const target = Math.max(requested, this.compacted);
    let removed = 0;
    while (this.cleaned < target) {
      const from = this.cleaned;
      const to = Math.min(from + STEP_REVISIONS, target);
      removed += this.db.transaction(() => {
        if (this.compacted < target) this.log.setMeta(COMPACTED, target);
        const count = this.log.compactStep(from, to);
        this.log.setMeta(CLEANED, to);
        return count;
      })();
      this.compacted = target;
      this.cleaned = to;
      // Let requests in between steps: better-sqlite3 blocks the event loop while a statement runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return removed;
  }
}
