import { invalid } from "./errors.js";
import { type StoreLogger, silentLogger } from "./logger.js";
import type { ListOptions, WatchOptions } from "./store.js";

/** A lone UTF-16 surrogate cannot be encoded as UTF-8, so it has no place in a key. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Throws "invalid" unless `key` is a non-empty, well-formed string. */
export function checkKey(key: unknown, what = "key"): asserts key is string {
  if (typeof key !== "string" || key.length === 0) throw invalid(`${what} must be a non-empty string`);
  if (LONE_SURROGATE.test(key)) throw invalid(`${what} ${JSON.stringify(key)} is not well-formed Unicode`);
}

/** Throws "invalid" unless `value` is a Uint8Array (Buffer included). */
export function checkValue(value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid("value must be a Uint8Array");
}

/** Throws "invalid" unless `revision` is a whole number, at least `minimum`. */
export function checkRevision(revision: unknown, what: string, minimum = 0): asserts revision is number {
  if (typeof revision !== "number" || !Number.isSafeInteger(revision) || revision < minimum) {
    throw invalid(`${what} must be an integer >= ${minimum}, got ${String(revision)}`);
  }
}

/** List options with defaults filled in (revision and limit 0 mean latest and unlimited). */
export interface CheckedListOptions {
  prefix: string;
  revision: number;
  limit: number;
  startAfter: string | undefined;
}

/** Validates list options; returns them with defaults filled in. */
export function checkListOptions(options: unknown): CheckedListOptions {
  if (typeof options !== "object" || options === null) throw invalid("list options must be an object");
  const { prefix, revision = 0, limit = 0, startAfter } = options as Partial<ListOptions>;
  if (typeof prefix !== "string") throw invalid("list prefix must be a string");
  if (prefix !== "") checkKey(prefix, "list prefix");
  checkRevision(revision, "list revision");
  checkRevision(limit, "list limit");
  if (startAfter !== undefined) {
    checkKey(startAfter, "startAfter");
    if (!startAfter.startsWith(prefix)) {
      throw invalid(`startAfter ${JSON.stringify(startAfter)} lies outside prefix ${JSON.stringify(prefix)}`);
    }
  }
  return { prefix, revision, limit, startAfter };
}

/** Validates watch options. */
export function checkWatchOptions(options: unknown): WatchOptions {
  if (typeof options !== "object" || options === null) throw invalid("watch options must be an object");
  const { prefix, afterRevision, signal } = options as Partial<WatchOptions>;
  if (typeof prefix !== "string") throw invalid("watch prefix must be a string");
  if (prefix !== "") checkKey(prefix, "watch prefix");
  checkRevision(afterRevision, "watch afterRevision");
  if (!(signal instanceof AbortSignal)) throw invalid("watch signal must be an AbortSignal");
  return { prefix, afterRevision, signal };
}

/** The logger to use: the one given (which must have info and warn), or one that drops everything. */
export function checkLogger(logger: unknown): StoreLogger {
  if (logger === undefined) return silentLogger;
  const candidate = logger as Partial<StoreLogger> | null;
  if (typeof candidate?.info !== "function" || typeof candidate.warn !== "function") {
    throw invalid("logger must have info and warn methods");
  }
  return logger as StoreLogger;
}
