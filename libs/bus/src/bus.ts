import type { StreamConfig } from "./stream-config.js";

/** Options of {@link Bus.append}. */
export interface AppendOptions {
  /**
   * Idempotency id: a second append with the same id within the stream's duplicate window is not stored
   * again (the change feed uses the store revision).
   */
  readonly msgId: string;
  /**
   * Precondition: store only if the stream's last message id is this one (the change feed passes the
   * previous revision, so concurrent publishers store each change once and in order). Omit for none.
   */
  readonly expectedLastMsgId?: string;
}

/**
 * What {@link Bus.append} did. Duplicates are checked before the precondition, so a publisher repeating
 * a change that is already stored always learns `duplicate`, whatever it expected.
 */
export type AppendResult =
  /** Stored now, at stream sequence `seq`. */
  | { readonly status: "stored"; readonly seq: number }
  /** A message with this msgId was already stored (by anyone), at `seq`; nothing was written. */
  | { readonly status: "duplicate"; readonly seq: number }
  /**
   * The precondition failed: the stream's last id is `lastMsgId` (undefined: the stream is empty). The
   * caller compares it with its own position: newer means it is behind (skip ahead), older means the
   * stream misses changes it must publish first.
   */
  | { readonly status: "last-id-mismatch"; readonly lastMsgId: string | undefined };

/** The last message of the stream, so a restarted publisher knows where to resume. */
export interface StreamPosition {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
}

/** One message of the persistent stream. */
export interface StreamMessage {
  readonly type: "message";
  /** Stream sequence, increasing by one per stored message (a filtered consumer sees some of them). */
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly payload: Uint8Array;
  /** When the stream stored it. */
  readonly time: Date;
}

/**
 * Messages with sequences in `[fromSeq, toSeq]` may be missing: they were discarded by the stream's
 * limits before this subscription could deliver them. The consumer should relist; the subscription
 * continues after the gap. Reported conservatively (the lost messages may not have matched the filter).
 */
export interface StreamGap {
  readonly type: "gap";
  readonly fromSeq: number;
  readonly toSeq: number;
}

export type StreamEvent = StreamMessage | StreamGap;

/** Where {@link Bus.consume} starts. */
export type ConsumeFrom =
  /** At this stream sequence (1 is the beginning of a stream that never discarded anything). */
  | { readonly seq: number }
  /** Only messages appended after `consume` was called. */
  | "new";

export interface ConsumeOptions {
  readonly from: ConsumeFrom;
  /**
   * One subject pattern with NATS wildcards (`*` one token, `>` the rest), e.g. from `changeFilter()`.
   * Default: the whole stream.
   */
  readonly filter?: string;
}

/**
 * An ordered view of the stream: every stored message matching the filter, once, in sequence order, and
 * {@link StreamGap} events where messages were lost. Reading can pause and resume (one iterator); `close()` or `break` ends it.
 */
export interface StreamSubscription extends AsyncIterable<StreamEvent> {
  close(): Promise<void>;
}

/** One message of plain (non-persistent) publish/subscribe. */
export interface BusMessage {
  readonly subject: string;
  readonly payload: Uint8Array;
}

export interface SubscribeOptions {
  /** Subscribers sharing a queue group split the messages between them (each message to one of them). */
  readonly queue?: string;
}

/** A plain subscription: at-most-once, only while subscribed. `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<BusMessage> {
  close(): Promise<void>;
}

/**
 * The event bus (DESIGN.md principle 3): a persistent stream for the change feed, and plain
 * publish/subscribe for heartbeats and metrics. Drivers: NATS JetStream and in-process.
 */
export interface Bus {
  /** Which driver this is. */
  readonly driver: "nats" | "memory";
  /** The stream's effective configuration. */
  readonly stream: StreamConfig;
  /** Appends to the persistent stream; the subject must match the stream's subjects. */
  append(subject: string, payload: Uint8Array, options: AppendOptions): Promise<AppendResult>;
  /** The stream's last stored message, or undefined when the stream is empty. */
  lastPosition(): Promise<StreamPosition | undefined>;
  /** Starts an ordered subscription; resolves once its start position is fixed. */
  consume(options: ConsumeOptions): Promise<StreamSubscription>;
  /** Publishes a non-persistent message (delivered to current subscribers only). */
  publish(subject: string, payload: Uint8Array): void;
  /** Subscribes to non-persistent messages matching `pattern`. */
  subscribe(pattern: string, options?: SubscribeOptions): Subscription;
  /** Resolves when the stream can serve (a round trip to it); rejects with BusError otherwise. */
  ping(): Promise<void>;
  /** Ends every subscription and releases the connection. Idempotent. */
  close(): Promise<void>;
}
