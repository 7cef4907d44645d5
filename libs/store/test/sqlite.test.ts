import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { createSqliteStore } from "../src/index.js";
import { describeStoreConformance } from "./conformance/index.js";

describe("SQLite store conformance", () => {
  const dir = mkdtempSync(join(tmpdir(), "capstan-sqlite-conformance-"));
  let files = 0;
  const freshPath = () => join(dir, `store-${++files}.db`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describeStoreConformance({
    open: () => createSqliteStore({ path: freshPath() }),
    async crashTarget() {
      const path = freshPath();
      return { writer: { driver: "sqlite", path }, reopen: () => createSqliteStore({ path }) };
    },
  });
});
