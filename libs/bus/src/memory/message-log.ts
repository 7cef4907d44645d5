import type { AppendOptions, AppendResult, StreamPosition } from "../bus.js";
import type { StreamConfig } from "../stream-config.js";
import { subjectMatches } from "../subject.js";

/** One stored message of the in-process stream. */
export interface LogEntry {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string;
  readonly payload: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly size: number;
}

const COMPACT_AFTER = 1024;

/**
 * The in-process stream: a sequence-numbered log with JetStream's retention (oldest first, by age, size
 * and count), msgId de-duplication within a window and the expected-last-msgId precondition. Expiry is
 * applied lazily on every access, so the log owns no timers.
 */
export class MessageLog {
  private entries: LogEntry[] = [];
  private head = 0;
  private bytes = 0;
  private lastSeq = 0;
  private lastMsgId: string | undefined;
  /** msgId -> stored entry, in insertion (= time) order so expiry trims from the front. */
  private readonly recentIds = new Map<string, { seq: number; time: number }>();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly config: StreamConfig,
    private readonly now: () => number,
  ) {}

  append(subject: string, payload: Uint8Array, options: AppendOptions): AppendResult {
    const now = this.now();
    this.expire(now);
    const earlier = this.recentIds.get(options.msgId);
    if (earlier) return { status: "duplicate", seq: earlier.seq };
    if (options.expectedLastMsgId !== undefined && options.expectedLastMsgId !== this.lastMsgId) {
      return { status: "last-id-mismatch", lastMsgId: this.lastMsgId };
    }
    const seq = ++this.lastSeq;
    const size = subject.length + options.msgId.length + payload.byteLength;
    this.entries.push({ seq, subject, msgId: options.msgId, payload: payload.slice(), time: now, size });
    this.bytes += size;
    this.lastMsgId = options.msgId;
    this.recentIds.set(options.msgId, { seq, time: now });
    this.expire(now);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return { status: "stored", seq };
  }

  /** The last stored message (even if retention has since discarded everything else). */
  lastPosition(): StreamPosition | undefined {
    this.expire(this.now());
    const last = this.entries.length > this.head ? this.entries[this.entries.length - 1] : undefined;
    if (!last) return undefined;
    return { seq: last.seq, subject: last.subject, msgId: last.msgId };
  }

  /** The next sequence an append will get. */
  nextSeq(): number {
    return this.lastSeq + 1;
  }

  /** The oldest retained sequence (nextSeq() when nothing is retained). */
  firstSeq(): number {
    this.expire(this.now());
    return this.entries[this.head]?.seq ?? this.lastSeq + 1;
  }

  /** The first retained entry at or after `seq` whose subject matches `filter`, if any is stored yet. */
  findFrom(seq: number, filter: string | undefined): LogEntry | undefined {
    const first = this.firstSeq();
    for (let index = this.head + Math.max(0, seq - first); index < this.entries.length; index++) {
      const entry = this.entries[index];
      if (entry && (filter === undefined || subjectMatches(filter, entry.subject))) return entry;
    }
    return undefined;
  }

  /** Resolves at the next append (or when `cancel` aborts). */
  waitForAppend(cancel: AbortSignal): Promise<void> {
    if (cancel.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        cancel.removeEventListener("abort", wake);
        resolve();
      };
      this.waiters.add(wake);
      cancel.addEventListener("abort", wake, { once: true });
    });
  }

  private expire(now: number): void {
    const { maxAgeMs, maxBytes, maxMessages, duplicateWindowMs } = this.config;
    for (;;) {
      const oldest = this.entries[this.head];
      const count = this.entries.length - this.head;
      if (!oldest) break;
      const tooMany = maxMessages > 0 && count > maxMessages;
      if (!tooMany && this.bytes <= maxBytes && oldest.time > now - maxAgeMs) break;
      this.bytes -= oldest.size;
      this.head++;
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    for (const [msgId, stored] of this.recentIds) {
      if (stored.time > now - duplicateWindowMs) break;
      this.recentIds.delete(msgId);
    }
  }
}
