import { randomBytes } from "node:crypto";
import { afterEach, expect } from "vitest";
import { type Store, StoreError, type StoreErrorCode, type WatchEvent } from "../../src/index.js";

/** Where the crash-test writer process writes (passed to it as JSON). */
export type WriterConfig = { driver: "sqlite"; path: string } | { driver: "etcd"; endpoints: string[] };

/** What a driver's test file provides to run the conformance suite. */
export interface StoreHarness {
  /**
   * A store for one test; the suite closes it. Stores of one harness may share a backend (one etcd
   * cluster): every test works under its own key prefix and reads only revisions it wrote itself.
   */
  open(): Promise<Store>;
  /** A place for a writer process to write to, and a way to open that data after killing it. */
  crashTarget(): Promise<{ writer: WriterConfig; reopen(): Promise<Store> }>;
  /** Increments per writer in the 50-writer compare-and-swap test. Default 3. */
  casIncrements?: number;
}

/** Opens stores for a test and closes them after it. */
export function storeFixture(harness: StoreHarness) {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return {
    /** A fresh store and a key prefix no other test uses. */
    async open(): Promise<{ store: Store; prefix: string }> {
      const store = await harness.open();
      opened.push(store);
      return { store, prefix: `/conformance/${randomBytes(4).toString("hex")}/` };
    },
    /** Closes `store` after the test (for stores opened another way). */
    track(store: Store): Store {
      opened.push(store);
      return store;
    },
  };
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (value: Uint8Array): string => new TextDecoder().decode(value);

/** Asserts that `operation` fails with a StoreError of `code`. */
export async function expectStoreError(
  operation: () => Promise<unknown> | AsyncIterable<unknown> | unknown,
  code: StoreErrorCode,
  what = "",
): Promise<void> {
  const attempt = async () => {
    const result = await operation();
    if (typeof result === "object" && result !== null && Symbol.asyncIterator in result) {
      for await (const _ of result as AsyncIterable<unknown>) break;
    }
  };
  const error = await attempt().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `${what}: expected StoreError "${code}"`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code, `${what}: ${(error as Error).message}`).toBe(code);
}

/**
 * Watches `prefix` after `afterRevision` until an event at `untilRevision` or later arrives (or the
 * deadline passes: then the events so far are returned, and the test's assertions fail).
 */
export async function collectEvents(
  store: Store,
  prefix: string,
  afterRevision: number,
  untilRevision: number,
  timeoutMs = 10_000,
): Promise<WatchEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: WatchEvent[] = [];
  try {
    for await (const batch of store.watch({ prefix, afterRevision, signal: controller.signal })) {
      events.push(...batch);
      if ((events.at(-1)?.kv.modRevision ?? 0) >= untilRevision) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

/** An event in a form that compares well in assertions. */
export function describeEvent(event: WatchEvent) {
  return {
    type: event.type,
    key: event.kv.key,
    value: text(event.kv.value),
    createRevision: event.kv.createRevision,
    modRevision: event.kv.modRevision,
    prev:
      event.type === "put" && event.prevKv
        ? { value: text(event.prevKv.value), modRevision: event.prevKv.modRevision }
        : undefined,
  };
}
