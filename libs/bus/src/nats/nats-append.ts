import type { JetStreamClient, PubAck } from "nats";
import type { AppendOptions, AppendResult, StreamPosition } from "../bus.js";
import { BusError } from "../bus-error.js";
import {
  JS_WRONG_LAST_MSG_ID,
  JS_WRONG_LAST_SEQUENCE,
  jetStreamErrorCode,
  jetStreamErrorDescription,
  toBusError,
} from "./nats-errors.js";

const ATTEMPTS = 5;
const WRONG_LAST_ID = /^wrong last msg id: ?(.*)$/i;

/**
 * Appends with JetStream's Nats-Msg-Id (dedup) and Nats-Expected-Last-Msg-Id headers.
 *
 * nats-server keeps the stream's last msgId in memory only: after a restart it is empty until the next
 * store, and every expected-last-id check fails with an empty id. Then the precondition is checked against
 * the stored last message instead, and enforced atomically with Nats-Expected-Last-Sequence; a publisher
 * that loses that race retries, and its retry is then reported as a duplicate or a mismatch.
 */
export async function appendToStream(
  js: JetStreamClient,
  lastPosition: () => Promise<StreamPosition | undefined>,
  subject: string,
  payload: Uint8Array,
  options: AppendOptions,
): Promise<AppendResult> {
  const { msgId, expectedLastMsgId } = options;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const expect = expectedLastMsgId === undefined ? undefined : { lastMsgID: expectedLastMsgId };
      return result(await js.publish(subject, payload, { msgID: msgId, expect }));
    } catch (error) {
      const serverLastId = wrongLastMsgId(error);
      if (serverLastId === undefined) throw toBusError(error, `append to ${subject}`);
      if (serverLastId !== "") return { status: "last-id-mismatch", lastMsgId: serverLastId };
    }
    const last = await lastPosition();
    if (!last || last.msgId !== expectedLastMsgId)
      return { status: "last-id-mismatch", lastMsgId: last?.msgId };
    try {
      return result(await js.publish(subject, payload, { msgID: msgId, expect: { lastSequence: last.seq } }));
    } catch (error) {
      if (jetStreamErrorCode(error) !== JS_WRONG_LAST_SEQUENCE)
        throw toBusError(error, `append to ${subject}`);
    }
  }
  throw new BusError("failed", `append to ${subject}: the stream kept changing under concurrent publishers`);
}

function result(ack: PubAck): AppendResult {
  return ack.duplicate ? { status: "duplicate", seq: ack.seq } : { status: "stored", seq: ack.seq };
}

/** The server's last msgId from a "wrong last msg ID" error ("" when it has none), else undefined. */
function wrongLastMsgId(error: unknown): string | undefined {
  if (jetStreamErrorCode(error) !== JS_WRONG_LAST_MSG_ID) return undefined;
  const match = WRONG_LAST_ID.exec(jetStreamErrorDescription(error) ?? "");
  return match ? (match[1] ?? "").trim() : undefined;
}
