import type { AppendOptions, ConsumeOptions, SubscribeOptions } from "./bus.js";
import { BusError } from "./bus-error.js";
import type { StreamConfig } from "./stream-config.js";
import { assertPattern, assertSubject, subjectMatches } from "./subject.js";

/** NATS' default max_payload; the in-process driver enforces the same limit. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Checks the arguments of `append` the same way for every driver. */
export function validateAppend(
  stream: StreamConfig,
  subject: unknown,
  payload: unknown,
  options: AppendOptions,
  maxPayloadBytes: number,
): void {
  assertSubject(subject);
  if (!stream.subjects.some((pattern) => subjectMatches(pattern, subject))) {
    throw new BusError(
      "invalid",
      `subject ${subject} is outside the stream's subjects (${stream.subjects.join(", ")})`,
    );
  }
  validatePayload(payload, maxPayloadBytes);
  if (typeof options?.msgId !== "string" || options.msgId === "") {
    throw new BusError("invalid", "append: msgId must be a non-empty string");
  }
  const expected = options.expectedLastMsgId;
  if (expected !== undefined && (typeof expected !== "string" || expected === "")) {
    throw new BusError("invalid", "append: expectedLastMsgId must be a non-empty string when given");
  }
}

/** Checks the arguments of `publish` the same way for every driver. */
export function validatePublish(subject: unknown, payload: unknown, maxPayloadBytes: number): void {
  assertSubject(subject);
  validatePayload(payload, maxPayloadBytes);
}

/** Checks the arguments of `subscribe` the same way for every driver. */
export function validateSubscribe(pattern: unknown, options: SubscribeOptions): void {
  assertPattern(pattern);
  validateQueue(options.queue);
}

/** Checks a payload: bytes, within the size limit. */
function validatePayload(payload: unknown, maxPayloadBytes: number): asserts payload is Uint8Array {
  if (!(payload instanceof Uint8Array)) throw new BusError("invalid", "payload must be a Uint8Array");
  if (payload.byteLength > maxPayloadBytes) {
    throw new BusError(
      "invalid",
      `payload of ${payload.byteLength} bytes exceeds the limit of ${maxPayloadBytes}`,
    );
  }
}

/** Checks `consume` options; returns the start sequence, or "new". */
export function validateConsume(options: ConsumeOptions): number | "new" {
  if (typeof options !== "object" || options === null) throw new BusError("invalid", "consume needs options");
  if (options.filter !== undefined) assertPattern(options.filter);
  if (options.from === "new") return "new";
  const seq = typeof options.from === "object" && options.from !== null ? options.from.seq : undefined;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) {
    throw new BusError("invalid", `consume: from must be "new" or { seq } with an integer seq >= 1`);
  }
  return seq as number;
}

/** A queue group name is one subject token. */
function validateQueue(queue: unknown): asserts queue is string | undefined {
  if (queue !== undefined && (typeof queue !== "string" || !/^[^\s.*>]+$/.test(queue))) {
    throw new BusError("invalid", `invalid queue group ${JSON.stringify(queue)}`);
  }
}
