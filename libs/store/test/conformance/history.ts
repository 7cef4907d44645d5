import { describe, expect, it } from "vitest";
import type { KeyValue } from "../../src/index.js";
import { bytes, expectStoreError, type StoreHarness, storeFixture, text } from "./harness.js";

const entries = (items: KeyValue[]) => items.map((item) => [item.key.split("/").at(-1), text(item.value)]);

/** Reads at past revisions, paginated snapshots, and compaction. */
export function describeHistory(harness: StoreHarness): void {
  describe("history", () => {
    const fixture = storeFixture(harness);

    it("lists and gets as of a past revision", async () => {
      const { store, prefix } = await fixture.open();
      const a = await store.create(`${prefix}a`, bytes("a1"));
      const b = await store.create(`${prefix}b`, bytes("b1"));
      const snapshot = (await store.create(`${prefix}c`, bytes("c1"))).modRevision;
      await store.update(`${prefix}a`, bytes("a2"), a.modRevision);
      await store.delete(`${prefix}b`, b.modRevision);
      await store.create(`${prefix}d`, bytes("d1"));

      const past = await store.list({ prefix, revision: snapshot });
      expect(past.revision).toBe(snapshot);
      expect(entries(past.items)).toEqual([
        ["a", "a1"],
        ["b", "b1"],
        ["c", "c1"],
      ]);
      const now = await store.list({ prefix });
      expect(now.revision).toBe(await store.currentRevision());
      expect(entries(now.items)).toEqual([
        ["a", "a2"],
        ["c", "c1"],
        ["d", "d1"],
      ]);
      expect(text((await store.get(`${prefix}b`, { revision: snapshot }))?.value ?? bytes(""))).toBe("b1");
      expect(await store.get(`${prefix}b`)).toBeUndefined();
      expect(await store.get(`${prefix}d`, { revision: snapshot })).toBeUndefined();
      const future = (await store.currentRevision()) + 1_000;
      await expectStoreError(() => store.get(`${prefix}a`, { revision: future }), "future-revision", "get");
      await expectStoreError(() => store.list({ prefix, revision: future }), "future-revision", "list");
    });

    it("paginates a consistent snapshot while writes continue", async () => {
      const { store, prefix } = await fixture.open();
      const names = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, "0")}`);
      const revisions = new Map<string, number>();
      for (const name of names)
        revisions.set(name, (await store.create(`${prefix}${name}`, bytes("v0"))).modRevision);

      const seen: KeyValue[] = [];
      let page = await store.list({ prefix, limit: 5 });
      const snapshot = page.revision;
      for (let round = 0; round < 10; round++) {
        seen.push(...page.items);
        // Writes between pages: to keys already read, keys still to come, and new keys in between.
        const later = names[Math.min(24, seen.length + 2)] ?? "k24";
        const changed = await store.update(`${prefix}${later}`, bytes("changed"), revisions.get(later) ?? 0);
        revisions.set(later, changed.modRevision);
        await store.create(`${prefix}${later}-new${round}`, bytes("new"));
        if (!page.more) break;
        expect(page.items).toHaveLength(5);
        page = await store.list({ prefix, limit: 5, revision: snapshot, startAfter: seen.at(-1)?.key });
        expect(page.revision).toBe(snapshot);
      }
      expect(page.more).toBe(false);
      expect(entries(seen)).toEqual(names.map((name) => [name, "v0"]));
      expect(seen.every((item) => item.modRevision <= snapshot)).toBe(true);
      const latest = await store.list({ prefix });
      expect(latest.items.length).toBeGreaterThan(names.length);
    });

    it("compacts: older revisions are refused with compacted, newer ones still read", async () => {
      const { store, prefix } = await fixture.open();
      const first = await store.create(`${prefix}a`, bytes("a1"));
      const second = await store.update(`${prefix}a`, bytes("a2"), first.modRevision);
      await store.create(`${prefix}gone`, bytes("x"));
      await store.delete(`${prefix}gone`);
      const kept = await store.update(`${prefix}a`, bytes("a3"), second.modRevision);
      const after = await store.update(`${prefix}a`, bytes("a4"), kept.modRevision);

      await store.compact(kept.modRevision);
      expect(await store.compactedRevision()).toBeGreaterThanOrEqual(kept.modRevision);
      await expectStoreError(
        () => store.get(`${prefix}a`, { revision: second.modRevision }),
        "compacted",
        "get",
      );
      await expectStoreError(() => store.list({ prefix, revision: second.modRevision }), "compacted", "list");
      expect(text((await store.get(`${prefix}a`, { revision: kept.modRevision }))?.value ?? bytes(""))).toBe(
        "a3",
      );
      expect(entries((await store.list({ prefix, revision: kept.modRevision })).items)).toEqual([
        ["a", "a3"],
      ]);
      expect(text((await store.get(`${prefix}a`))?.value ?? bytes(""))).toBe("a4");
      expect((await store.get(`${prefix}a`))?.modRevision).toBe(after.modRevision);

      // Compacting again at or below is a no-op; beyond the current revision is refused.
      await store.compact(first.modRevision);
      await expectStoreError(() => store.compact(after.modRevision + 1_000), "future-revision", "compact");
    });
  });
}
