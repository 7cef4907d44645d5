import { abortableDelay } from "@capstan/runtime";
import {
  AckPolicy,
  type Consumer,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "nats";
import type { StreamEvent, StreamMessage, StreamSubscription } from "../bus.js";
import { toBusError } from "./nats-errors.js";

export interface NatsConsumeSettings {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  readonly filter: string | undefined;
  /** Messages fetched per pull: the most a subscription buffers ahead of its reader. */
  readonly batch: number;
  /** How long one pull waits for messages (at least 1 s). */
  readonly pullExpiresMs: number;
  /** While busy, check skipped sequences at most this often; an idle moment always checks. */
  readonly gapCheckIntervalMs: number;
}

const NANOS_PER_MS = 1_000_000;
/** The server drops a consumer nobody pulled from for this long; the next pull then recreates it. */
const INACTIVE_THRESHOLD_MS = 60_000;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

/**
 * Ordered, back-pressured consumption of a JetStream stream. Messages are pulled a batch at a time, only
 * as the reader asks, from an ephemeral consumer without acks. The consumer is replaced, from the sequence
 * after the last one delivered, whenever a delivery is missed or a pull fails (a reconnect, a server
 * restart, the consumer expired): so every message is delivered once, in order, across outages.
 *
 * Lost messages are reported as gaps. A (re)start below the stream's first sequence is a gap. A jump in
 * sequence between two deliveries is normal with a filter (the skipped messages had other subjects) and is
 * a loss only if the stream has since discarded some skipped sequence, which the stream's first sequence
 * tells (everything below it is gone, and it never decreases). Jumps are verified against it at once
 * when the batch is drained and at most every `gapCheckIntervalMs` otherwise (a later check still catches
 * an earlier loss). The report is conservative: the discarded messages may not have matched the filter.
 */
export class NatsStreamSubscription implements StreamSubscription {
  private readonly stop = new AbortController();
  private batch: ConsumerMessages | undefined;
  /** The current server-side consumer (undefined: create one at `next` before the next pull). */
  private consumer: Consumer | undefined;
  private iterator: AsyncGenerator<StreamEvent> | undefined;
  /** The sequence the next delivered message should have if nothing is skipped. */
  private next: number;
  /** Deliveries of the current consumer so far (its delivery sequences must follow on). */
  private delivered = 0;
  /** The first sequence of skipped ranges not yet checked against discards. */
  private unverifiedFrom: number | undefined;
  private lastCheck = 0;
  private startGap: StreamEvent | undefined;

  constructor(
    private readonly settings: NatsConsumeSettings,
    startSeq: number,
    private readonly onClose: (subscription: NatsStreamSubscription) => void,
  ) {
    this.next = startSeq;
  }

  async close(): Promise<void> {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    this.onClose(this);
    // stop() releases the pull's timers and inbox at once; awaiting close() would wait for a reader that
    // may never come back to drain the batch.
    this.batch?.stop();
    await this.deleteConsumer();
  }

  /** Every call returns the same iterator, so reading can pause and resume; `break` closes it. */
  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    this.iterator ??= this.events();
    return this.iterator;
  }

  /** Creates the first consumer, so `consume()` fails early when the stream cannot be read. */
  async open(): Promise<void> {
    this.startGap = await this.createConsumer();
  }

  private async *events(): AsyncGenerator<StreamEvent> {
    let retryMs = RETRY_MIN_MS;
    try {
      if (this.startGap) yield this.startGap;
      while (!this.stop.signal.aborted) {
        try {
          if (this.consumer === undefined) {
            const gap = await this.createConsumer();
            if (gap) yield gap;
          }
          yield* this.pullBatch();
          retryMs = RETRY_MIN_MS;
        } catch (error) {
          if (this.stop.signal.aborted) break;
          const failure = toBusError(error, "consuming the stream");
          if (failure.code !== "unavailable" && failure.code !== "failed") throw failure;
          await this.deleteConsumer();
          await abortableDelay(retryMs, this.stop.signal);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
      }
    } finally {
      await this.close();
    }
  }

  private async *pullBatch(): AsyncGenerator<StreamEvent> {
    const { batch, pullExpiresMs } = this.settings;
    const consumer = this.consumer;
    if (!consumer) return;
    this.batch = await consumer.fetch({ max_messages: batch, expires: pullExpiresMs });
    for await (const message of this.batch) {
      if (this.stop.signal.aborted) return;
      if (message.info.deliverySequence !== this.delivered + 1) {
        // A delivery went missing: start over after the last message handed out.
        await this.deleteConsumer();
        return;
      }
      this.delivered = message.info.deliverySequence;
      const seq = message.seq;
      if (seq > this.next) this.unverifiedFrom ??= this.next;
      const drained = (this.batch?.getPending() ?? 0) === 0;
      const gap = await this.verifySkipped(seq, drained);
      if (gap) yield gap;
      this.next = seq + 1;
      yield toStreamMessage(message);
    }
  }

  private async verifySkipped(seq: number, drained: boolean): Promise<StreamEvent | undefined> {
    const from = this.unverifiedFrom;
    if (from === undefined || (!drained && Date.now() - this.lastCheck < this.settings.gapCheckIntervalMs)) {
      return undefined;
    }
    this.lastCheck = Date.now();
    this.unverifiedFrom = undefined;
    const first = await this.firstSeq();
    return first > from ? { type: "gap", fromSeq: from, toSeq: Math.min(first, seq) - 1 } : undefined;
  }

  /**
   * Creates a consumer starting at `next`; returns a gap if `next`, or a skipped range not yet verified,
   * was already discarded.
   */
  private async createConsumer(): Promise<StreamEvent | undefined> {
    const { jsm, stream, filter } = this.settings;
    const first = await this.firstSeq();
    const from = this.unverifiedFrom ?? this.next;
    const gap: StreamEvent | undefined =
      from < first ? { type: "gap", fromSeq: from, toSeq: first - 1 } : undefined;
    this.next = Math.max(this.next, first);
    const info = await jsm.consumers.add(stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.next,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: INACTIVE_THRESHOLD_MS * NANOS_PER_MS,
      ...(filter === undefined ? {} : { filter_subject: filter }),
    });
    this.consumer = await this.settings.js.consumers.get(stream, info.name);
    this.delivered = 0;
    this.unverifiedFrom = undefined;
    return gap;
  }

  private async deleteConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.delete().catch(() => false);
  }

  private async firstSeq(): Promise<number> {
    try {
      return (await this.settings.jsm.streams.info(this.settings.stream)).state.first_seq;
    } catch (error) {
      throw toBusError(error, "reading the stream's state");
    }
  }
}

function toStreamMessage(message: JsMsg): StreamMessage {
  return {
    type: "message",
    seq: message.seq,
    subject: message.subject,
    msgId: message.headers?.get("Nats-Msg-Id") || undefined,
    payload: message.data,
    time: new Date(Math.floor(message.info.timestampNanos / NANOS_PER_MS)),
  };
}
