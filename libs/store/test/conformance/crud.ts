import { describe, expect, it } from "vitest";
import { bytes, expectStoreError, type StoreHarness, storeFixture, text } from "./harness.js";

/** Create, get, update, delete: revisions and error codes. */
export function describeCrud(harness: StoreHarness): void {
  describe("create, get, update, delete", () => {
    const fixture = storeFixture(harness);

    it("creates a key only if absent, at a new revision", async () => {
      const { store, prefix } = await fixture.open();
      const before = await store.currentRevision();
      const created = await store.create(`${prefix}a`, bytes("one"));
      expect(created.key).toBe(`${prefix}a`);
      expect(text(created.value)).toBe("one");
      expect(created.modRevision).toBeGreaterThan(before);
      expect(created.createRevision).toBe(created.modRevision);
      expect(await store.currentRevision()).toBe(created.modRevision);
      await expectStoreError(() => store.create(`${prefix}a`, bytes("two")), "exists", "second create");
      const got = await store.get(`${prefix}a`);
      expect(got && { ...got, value: text(got.value) }).toEqual({ ...created, value: "one" });
      expect(await store.get(`${prefix}missing`)).toBeUndefined();
    });

    it("updates only at the expected revision", async () => {
      const { store, prefix } = await fixture.open();
      const created = await store.create(`${prefix}a`, bytes("one"));
      const updated = await store.update(`${prefix}a`, bytes("two"), created.modRevision);
      expect(updated.modRevision).toBeGreaterThan(created.modRevision);
      expect(updated.createRevision).toBe(created.createRevision);
      expect(text(updated.value)).toBe("two");
      await expectStoreError(
        () => store.update(`${prefix}a`, bytes("stale"), created.modRevision),
        "conflict",
        "update at a stale revision",
      );
      await expectStoreError(
        () => store.update(`${prefix}missing`, bytes("x"), 1),
        "not-found",
        "update missing",
      );
      const got = await store.get(`${prefix}a`);
      expect(got?.modRevision).toBe(updated.modRevision);
      expect(text(got?.value ?? bytes(""))).toBe("two");
    });

    it("deletes, returning the last value at the deletion's revision", async () => {
      const { store, prefix } = await fixture.open();
      const created = await store.create(`${prefix}a`, bytes("one"));
      const updated = await store.update(`${prefix}a`, bytes("two"), created.modRevision);
      await expectStoreError(
        () => store.delete(`${prefix}a`, created.modRevision),
        "conflict",
        "delete at a stale revision",
      );
      const deleted = await store.delete(`${prefix}a`, updated.modRevision);
      expect(text(deleted.value)).toBe("two");
      expect(deleted.createRevision).toBe(created.createRevision);
      expect(deleted.modRevision).toBeGreaterThan(updated.modRevision);
      expect(await store.currentRevision()).toBe(deleted.modRevision);
      expect(await store.get(`${prefix}a`)).toBeUndefined();
      await expectStoreError(() => store.delete(`${prefix}a`), "not-found", "delete of a deleted key");
      await expectStoreError(
        () => store.delete(`${prefix}a`, deleted.modRevision),
        "not-found",
        "delete at rev",
      );
      await expectStoreError(() => store.update(`${prefix}a`, bytes("x"), updated.modRevision), "not-found");
    });

    it("deletes without an expected revision, and creates the key anew afterwards", async () => {
      const { store, prefix } = await fixture.open();
      await store.create(`${prefix}a`, bytes("one"));
      const deleted = await store.delete(`${prefix}a`);
      expect(text(deleted.value)).toBe("one");
      const again = await store.create(`${prefix}a`, bytes("again"));
      expect(again.createRevision).toBe(again.modRevision);
      expect(again.createRevision).toBeGreaterThan(deleted.modRevision);
    });

    it("stores arbitrary bytes and keys with any Unicode", async () => {
      const { store, prefix } = await fixture.open();
      const value = Uint8Array.from([0, 255, 1, 254, 10, 13]);
      const key = `${prefix}naïve/日本/🙂`;
      await store.create(key, value);
      expect(Array.from((await store.get(key))?.value ?? [])).toEqual(Array.from(value));
      const empty = await store.create(`${prefix}empty`, new Uint8Array());
      expect((await store.get(`${prefix}empty`))?.modRevision).toBe(empty.modRevision);
      const listed = await store.list({ prefix });
      expect(listed.items.map((item) => item.key)).toEqual([`${prefix}empty`, key]);
    });

    it("fails with unavailable once closed", async () => {
      const { store, prefix } = await fixture.open();
      await store.close();
      await expectStoreError(() => store.get(`${prefix}a`), "unavailable", "get after close");
      await expectStoreError(
        () => store.create(`${prefix}a`, bytes("x")),
        "unavailable",
        "create after close",
      );
      await store.close();
    });
  });
}
