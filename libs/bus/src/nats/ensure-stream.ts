import {
  DiscardPolicy,
  type JetStreamManager,
  type StreamConfig as JsStreamConfig,
  RetentionPolicy,
  StorageType,
} from "nats";
import type { StreamConfig } from "../stream-config.js";
import { JS_STREAM_NAME_IN_USE, JS_STREAM_NOT_FOUND, jetStreamErrorCode, toBusError } from "./nats-errors.js";

const NANOS_PER_MS = 1_000_000;

/** The JetStream settings for Capstan's stream: file storage, limits retention, oldest discarded first. */
export function jetStreamConfig(stream: StreamConfig, replicas: number): Partial<JsStreamConfig> {
  return {
    name: stream.name,
    subjects: [...stream.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: stream.maxAgeMs * NANOS_PER_MS,
    max_bytes: stream.maxBytes,
    max_msgs: stream.maxMessages > 0 ? stream.maxMessages : -1,
    duplicate_window: stream.duplicateWindowMs * NANOS_PER_MS,
    num_replicas: replicas,
  };
}

/**
 * Creates the stream, or updates it to the wanted limits if it exists with others. Several apiservers may
 * race here: the loser of a create sees "name in use" and updates instead.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  stream: StreamConfig,
  replicas: number,
): Promise<void> {
  const wanted = jetStreamConfig(stream, replicas);
  try {
    const existing = await jsm.streams.info(stream.name).catch((error: unknown) => {
      if (jetStreamErrorCode(error) === JS_STREAM_NOT_FOUND) return undefined;
      throw error;
    });
    if (!existing) {
      try {
        await jsm.streams.add(wanted);
        return;
      } catch (error) {
        if (jetStreamErrorCode(error) !== JS_STREAM_NAME_IN_USE) throw error;
      }
    } else if (!differs(existing.config, wanted)) {
      return;
    }
    await jsm.streams.update(stream.name, wanted);
  } catch (error) {
    throw toBusError(error, `ensuring stream ${stream.name}`);
  }
}

function differs(current: Partial<JsStreamConfig>, wanted: Partial<JsStreamConfig>): boolean {
  return (
    JSON.stringify(current.subjects) !== JSON.stringify(wanted.subjects) ||
    current.max_age !== wanted.max_age ||
    current.max_bytes !== wanted.max_bytes ||
    current.max_msgs !== wanted.max_msgs ||
    current.duplicate_window !== wanted.duplicate_window
  );
}
