import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { waitFor } from "@capstan/testing";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createSqliteStore, type SqliteStoreOptions, type Store, StoreError } from "../index.js";

const OPEN_SQLITE = fileURLToPath(new URL("../../test/fixtures/open-sqlite.ts", import.meta.url));
const bytes = (text: string) => Buffer.from(text);

describe("SQLite store", () => {
  const dir = mkdtempSync(join(tmpdir(), "capstan-sqlite-"));
  let files = 0;
  const opened: Store[] = [];
  const open = async (options: Partial<SqliteStoreOptions> = {}) => {
    const store = await createSqliteStore({ path: join(dir, `store-${++files}.db`), ...options });
    opened.push(store);
    return store;
  };
  const pathOf = () => join(dir, `store-${files}.db`);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second process on the same database, saying why", async () => {
    await open();
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--conditions=development",
      "--import",
      "tsx",
      OPEN_SQLITE,
      pathOf(),
    ]);
    const outcome = JSON.parse(stdout) as { opened: boolean; code?: string; message?: string };
    expect(outcome).toMatchObject({ opened: false, code: "unavailable" });
    expect(outcome.message).toMatch(/in use by another process/);
  });

  it("refuses a second store in the same process too, and allows it once the first closes", async () => {
    const first = await open();
    const path = pathOf();
    const second = createSqliteStore({ path });
    await expect(second).rejects.toSatisfy((error) => StoreError.is(error, "unavailable"));
    await first.close();
    const again = await createSqliteStore({ path });
    opened.push(again);
    expect(await again.currentRevision()).toBe(0);
  });

  it("commits writes issued together in one go, each seeing the ones before it", async () => {
    const store = await open();
    const outcomes = await Promise.allSettled([
      store.create("/k/a", bytes("first")),
      store.create("/k/a", bytes("second")),
      store.create("/k/b", bytes("b")),
      store.delete("/k/missing"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "rejected",
    ]);
    const [a, exists, b, missing] = outcomes;
    expect(exists?.status === "rejected" && StoreError.is(exists.reason, "exists")).toBe(true);
    expect(missing?.status === "rejected" && StoreError.is(missing.reason, "not-found")).toBe(true);
    const revisions = [a, b].map((outcome) =>
      outcome?.status === "fulfilled" ? outcome.value.modRevision : 0,
    );
    expect(revisions).toEqual([1, 2]);
    expect((await store.get("/k/a"))?.value.toString()).toBe("first");
    expect(await store.currentRevision()).toBe(2);
  });

  it("commits writes still queued when it closes", async () => {
    const store = await open();
    const path = pathOf();
    const written = store.create("/k/late", bytes("x"));
    await store.close();
    expect((await written).modRevision).toBe(1);
    const reopened = await createSqliteStore({ path });
    opened.push(reopened);
    expect((await reopened.get("/k/late"))?.modRevision).toBe(1);
  });

  it("keeps revisions and compaction across a reopen, never reusing a revision", async () => {
    const store = await open({ compactIntervalMs: 0 });
    const path = pathOf();
    const a = await store.create("/k/a", bytes("1"));
    await store.update("/k/a", bytes("2"), a.modRevision);
    const gone = await store.create("/k/gone", bytes("x"));
    const deleted = await store.delete("/k/gone", gone.modRevision);
    await store.compact(deleted.modRevision);
    await store.close();

    const reopened = await createSqliteStore({ path });
    opened.push(reopened);
    expect(await reopened.currentRevision()).toBe(deleted.modRevision);
    expect(await reopened.compactedRevision()).toBe(deleted.modRevision);
    expect((await reopened.create("/k/next", bytes("n"))).modRevision).toBe(deleted.modRevision + 1);
    expect((await reopened.list({ prefix: "/k/" })).items.map((item) => item.key)).toEqual([
      "/k/a",
      "/k/next",
    ]);
  });

  it("compacts in the background, keeping the configured number of revisions", async () => {
    const store = await open({ compactIntervalMs: 20, keepRevisions: 10 });
    let current = await store.create("/counter", bytes("0"));
    for (let i = 1; i <= 100; i++)
      current = await store.update("/counter", bytes(String(i)), current.modRevision);
    await waitFor(async () => (await store.compactedRevision()) === current.modRevision - 10, {
      description: "background compaction to the last 10 revisions",
    });
    await store.close();
    // Only the latest version of the key remains in the log: 90 superseded rows are gone.
    const db = new Database(pathOf(), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) FROM revision_log").pluck().get()).toBe(11);
    } finally {
      db.close();
    }
  });

  it("checkpoints the WAL in the background, truncating it", async () => {
    const store = await open({ checkpointIntervalMs: 20 });
    for (let i = 0; i < 50; i++) await store.create(`/k/${i}`, bytes("x".repeat(1_000)));
    expect(statSync(`${pathOf()}-wal`).size).toBeGreaterThan(0);
    await waitFor(() => statSync(`${pathOf()}-wal`).size === 0, { description: "the WAL to be truncated" });
  });

  it("ends a waiting watch with unavailable when closed", async () => {
    const store = await open();
    const iterator = store
      .watch({ prefix: "/", afterRevision: 0, signal: new AbortController().signal })
      [Symbol.asyncIterator]();
    const pending = iterator.next();
    await store.close();
    await expect(pending).rejects.toSatisfy((error) => StoreError.is(error, "unavailable"));
  });

  it("rejects bad options with invalid", async () => {
    const cases: unknown[] = [
      undefined,
      { path: "" },
      { path: join(dir, "x.db"), keepRevisions: -1 },
      { path: join(dir, "x.db"), compactIntervalMs: 1.5 },
      { path: join(dir, "x.db"), logger: { info() {} } },
    ];
    for (const options of cases) {
      await expect(createSqliteStore(options as SqliteStoreOptions)).rejects.toSatisfy((error) =>
        StoreError.is(error, "invalid"),
      );
    }
  });
});
