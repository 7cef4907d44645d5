import { BusError } from "./bus-error.js";
import { CHANGE_SUBJECT_PREFIX } from "./change-subject.js";
import { assertPattern } from "./subject.js";

/** The persistent stream's settings (JetStream stream config, or the in-process equivalent). */
export interface StreamConfig {
  /** Default `CAPSTAN_CHANGES`. */
  readonly name: string;
  /** Subject patterns the stream stores. Default `capstan.changes.>`. */
  readonly subjects: readonly string[];
  /** Messages older than this are discarded. Default 1 h. */
  readonly maxAgeMs: number;
  /** The oldest messages are discarded beyond this size. Default 256 MiB (NATS), 64 MiB (in-process). */
  readonly maxBytes: number;
  /** The oldest messages are discarded beyond this count; 0 for no limit. Default 0. */
  readonly maxMessages: number;
  /** How long a msgId is remembered for de-duplication. Default 2 min. */
  readonly duplicateWindowMs: number;
}

export const DEFAULT_STREAM_CONFIG: StreamConfig = {
  name: "CAPSTAN_CHANGES",
  subjects: [`${CHANGE_SUBJECT_PREFIX}.>`],
  maxAgeMs: 60 * 60_000,
  maxBytes: 256 * 1024 * 1024,
  maxMessages: 0,
  duplicateWindowMs: 2 * 60_000,
};

/** Fills defaults and validates; throws BusError("invalid") naming the bad field. */
export function resolveStreamConfig(
  given: Partial<StreamConfig> = {},
  defaults = DEFAULT_STREAM_CONFIG,
): StreamConfig {
  const config = { ...defaults, ...given };
  if (typeof config.name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(config.name)) {
    throw new BusError(
      "invalid",
      `stream name must be 1-64 letters, digits, '_' or '-', got ${JSON.stringify(config.name)}`,
    );
  }
  if (!Array.isArray(config.subjects) || config.subjects.length === 0) {
    throw new BusError("invalid", "stream subjects must be a non-empty array");
  }
  for (const subject of config.subjects) assertPattern(subject);
  for (const field of ["maxAgeMs", "maxBytes", "duplicateWindowMs"] as const) {
    if (!Number.isSafeInteger(config[field]) || config[field] <= 0) {
      throw new BusError(
        "invalid",
        `stream ${field} must be a positive integer, got ${String(config[field])}`,
      );
    }
  }
  if (!Number.isSafeInteger(config.maxMessages) || config.maxMessages < 0) {
    throw new BusError(
      "invalid",
      `stream maxMessages must be 0 or a positive integer, got ${String(config.maxMessages)}`,
    );
  }
  if (config.duplicateWindowMs > config.maxAgeMs) {
    throw new BusError("invalid", "stream duplicateWindowMs cannot exceed maxAgeMs");
  }
  return { ...config, subjects: [...config.subjects] };
}
