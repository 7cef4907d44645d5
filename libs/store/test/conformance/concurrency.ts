import { describe, expect, it } from "vitest";
import { type Store, StoreError } from "../../src/index.js";
import { bytes, type StoreHarness, storeFixture, text } from "./harness.js";

const WRITERS = 50;
/** Bounds each increment's retries: far above what contention needs, so only a bug reaches it. */
const MAX_ATTEMPTS = 10_000;

/** Reads the counter and writes it back plus one, until the compare-and-swap wins; returns the conflicts. */
async function increment(store: Store, key: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get(key);
    if (!current) throw new Error("counter vanished");
    try {
      await store.update(key, bytes(String(Number(text(current.value)) + 1)), current.modRevision);
      return attempt;
    } catch (error) {
      if (!StoreError.is(error, "conflict")) throw error;
    }
  }
  throw new Error(`increment gave up after ${MAX_ATTEMPTS} conflicts`);
}

/** Optimistic concurrency: compare-and-swap writers never lose an update. */
export function describeConcurrency(harness: StoreHarness): void {
  describe("compare-and-swap", () => {
    const fixture = storeFixture(harness);
    const perWriter = harness.casIncrements ?? 3;

    it(`${WRITERS} concurrent writers x ${perWriter} increments lose no update`, async () => {
      const { store, prefix } = await fixture.open();
      const key = `${prefix}counter`;
      await store.create(key, bytes("0"));
      const conflicts = await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          let total = 0;
          for (let i = 0; i < perWriter; i++) total += await increment(store, key);
          return total;
        }),
      );
      const final = await store.get(key);
      expect(text(final?.value ?? bytes(""))).toBe(String(WRITERS * perWriter));
      // The writers did race: without conflicts this test would prove nothing.
      expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  });
}
