import { describe, it } from "vitest";
import type { ListOptions, WatchOptions } from "../../src/index.js";
import { bytes, expectStoreError, type StoreHarness, storeFixture } from "./harness.js";

/** Bad arguments to every method fail with "invalid", never a TypeError or a silent default. */
export function describeInvalidInput(harness: StoreHarness): void {
  describe("bad input", () => {
    const fixture = storeFixture(harness);

    it("is refused with StoreError invalid", async () => {
      const { store, prefix } = await fixture.open();
      const key = `${prefix}a`;
      const created = await store.create(key, bytes("one"));
      const signal = new AbortController().signal;
      const cases: [string, () => unknown][] = [
        ["get with an empty key", () => store.get("")],
        ["get with a key that is not a string", () => store.get(42 as unknown as string)],
        ["get with a lone surrogate in the key", () => store.get(`${prefix}\uD800`)],
        ["get with a negative revision", () => store.get(key, { revision: -1 })],
        ["get with a fractional revision", () => store.get(key, { revision: 1.5 })],
        ["list without options", () => store.list(undefined as unknown as ListOptions)],
        ["list without a prefix", () => store.list({} as ListOptions)],
        ["list with a negative revision", () => store.list({ prefix, revision: -1 })],
        ["list with a negative limit", () => store.list({ prefix, limit: -1 })],
        ["list with startAfter outside the prefix", () => store.list({ prefix, startAfter: "/elsewhere/a" })],
        ["list with an empty startAfter", () => store.list({ prefix, startAfter: "" })],
        ["create with an empty key", () => store.create("", bytes("x"))],
        ["create with a string value", () => store.create(key, "x" as unknown as Uint8Array)],
        ["update with an empty key", () => store.update("", bytes("x"), created.modRevision)],
        ["update with expectedRevision 0", () => store.update(key, bytes("x"), 0)],
        ["update with a negative expectedRevision", () => store.update(key, bytes("x"), -3)],
        ["update without a value", () => store.update(key, undefined as unknown as Uint8Array, 1)],
        ["delete with an empty key", () => store.delete("")],
        ["delete with a negative expectedRevision", () => store.delete(key, -1)],
        ["watch with a negative afterRevision", () => store.watch({ prefix, afterRevision: -1, signal })],
        ["watch without a signal", () => store.watch({ prefix, afterRevision: 0 } as WatchOptions)],
        ["watch without options", () => store.watch(undefined as unknown as WatchOptions)],
        ["compact with a negative revision", () => store.compact(-1)],
        ["compact with NaN", () => store.compact(Number.NaN)],
      ];
      for (const [what, operation] of cases) await expectStoreError(operation, "invalid", what);
    });
  });
}
