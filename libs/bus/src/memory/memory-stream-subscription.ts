import type { StreamEvent, StreamSubscription } from "../bus.js";
import type { MessageLog } from "./message-log.js";

/**
 * An ordered subscription over the in-process log. It holds only a cursor: a reader that does not pull
 * costs no memory, and one that falls behind the log's retention gets a gap event, exactly.
 */
export class MemoryStreamSubscription implements StreamSubscription {
  private readonly stop = new AbortController();
  private iterator: AsyncGenerator<StreamEvent> | undefined;

  constructor(
    private readonly log: MessageLog,
    private cursor: number,
    private readonly filter: string | undefined,
    private readonly onClose: (subscription: MemoryStreamSubscription) => void,
  ) {}

  async close(): Promise<void> {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    this.onClose(this);
  }

  /** Every call returns the same iterator, so reading can pause and resume; `break` closes it. */
  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    this.iterator ??= this.events();
    return this.iterator;
  }

  private async *events(): AsyncGenerator<StreamEvent> {
    try {
      while (!this.stop.signal.aborted) {
        const first = this.log.firstSeq();
        if (this.cursor < first) {
          yield { type: "gap", fromSeq: this.cursor, toSeq: first - 1 };
          this.cursor = first;
          continue;
        }
        const entry = this.log.findFrom(this.cursor, this.filter);
        if (entry) {
          this.cursor = entry.seq + 1;
          yield {
            type: "message",
            seq: entry.seq,
            subject: entry.subject,
            msgId: entry.msgId,
            payload: entry.payload.slice(),
            time: new Date(entry.time),
          };
          continue;
        }
        this.cursor = Math.max(this.cursor, this.log.nextSeq());
        await this.log.waitForAppend(this.stop.signal);
      }
    } finally {
      await this.close();
    }
  }
}
