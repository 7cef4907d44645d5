import { describe, expect, it } from "vitest";
import {
  bytes,
  collectEvents,
  describeEvent,
  expectStoreError,
  type StoreHarness,
  storeFixture,
} from "./harness.js";

/** Watch: replay from a revision, then live changes, in revision order; compacted history is refused. */
export function describeWatch(harness: StoreHarness): void {
  describe("watch", () => {
    const fixture = storeFixture(harness);

    it("replays every change after an old revision in order, then follows live changes", async () => {
      const { store, prefix } = await fixture.open();
      const start = await store.currentRevision();
      const a1 = await store.create(`${prefix}a`, bytes("a1"));
      const b1 = await store.create(`${prefix}b`, bytes("b1"));
      const a2 = await store.update(`${prefix}a`, bytes("a2"), a1.modRevision);
      await store.create(`/outside${prefix}x`, bytes("not watched"));
      const aDeleted = await store.delete(`${prefix}a`, a2.modRevision);

      // The watch starts while the last two changes are still being written.
      const untilLast = collectEvents(store, prefix, start, aDeleted.modRevision + 2);
      const a3 = await store.create(`${prefix}a`, bytes("a3"));
      const b2 = await store.update(`${prefix}b`, bytes("b2"), b1.modRevision);
      const events = (await untilLast).map(describeEvent);

      const put = (key: string, value: string, mod: number, created: number, prev?: [string, number]) => ({
        type: "put",
        key: `${prefix}${key}`,
        value,
        createRevision: created,
        modRevision: mod,
        prev: prev && { value: prev[0], modRevision: prev[1] },
      });
      expect(events).toEqual([
        put("a", "a1", a1.modRevision, a1.modRevision),
        put("b", "b1", b1.modRevision, b1.modRevision),
        put("a", "a2", a2.modRevision, a1.modRevision, ["a1", a1.modRevision]),
        {
          type: "delete",
          key: `${prefix}a`,
          value: "a2",
          createRevision: a1.modRevision,
          modRevision: aDeleted.modRevision,
          prev: undefined,
        },
        put("a", "a3", a3.modRevision, a3.modRevision),
        put("b", "b2", b2.modRevision, b1.modRevision, ["b1", b1.modRevision]),
      ]);
    });

    it("starts strictly after the given revision", async () => {
      const { store, prefix } = await fixture.open();
      const first = await store.create(`${prefix}a`, bytes("1"));
      const second = await store.update(`${prefix}a`, bytes("2"), first.modRevision);
      const events = await collectEvents(store, prefix, first.modRevision, second.modRevision);
      expect(events.map((event) => event.kv.modRevision)).toEqual([second.modRevision]);
    });

    it("ends when its signal aborts", async () => {
      const { store, prefix } = await fixture.open();
      const controller = new AbortController();
      const iterator = store
        .watch({ prefix, afterRevision: await store.currentRevision(), signal: controller.signal })
        [Symbol.asyncIterator]();
      const pending = iterator.next();
      controller.abort();
      expect((await pending).done).toBe(true);
    });

    it("fails with compacted from a revision before the compacted one, and works from it", async () => {
      const { store, prefix } = await fixture.open();
      const first = await store.create(`${prefix}a`, bytes("1"));
      const second = await store.update(`${prefix}a`, bytes("2"), first.modRevision);
      const third = await store.update(`${prefix}a`, bytes("3"), second.modRevision);
      const fourth = await store.update(`${prefix}a`, bytes("4"), third.modRevision);
      await store.compact(third.modRevision);
      const signal = new AbortController().signal;
      await expectStoreError(
        () => store.watch({ prefix, afterRevision: first.modRevision, signal }),
        "compacted",
        "watch from before the compacted revision",
      );
      const events = await collectEvents(store, prefix, third.modRevision, fourth.modRevision);
      expect(events.map(describeEvent).map((event) => event.value)).toEqual(["4"]);
    });
  });
}
