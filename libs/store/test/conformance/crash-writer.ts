/**
 * A writer process for the crash test: creates keys under a prefix, several at a time, and prints
 * "ack <key> <revision>" for each write the store acknowledged, until it is killed.
 * Usage: node --conditions=development --import tsx crash-writer.ts '<WriterConfig + prefix as JSON>'
 */
import { createEtcdStore, createSqliteStore, type Store } from "../../src/index.js";
import type { WriterConfig } from "./harness.js";

const IN_FLIGHT = 8;
const MAX_WRITES = 1_000_000;

const config = JSON.parse(process.argv[2] ?? "{}") as WriterConfig & { prefix: string };
const store: Store =
  config.driver === "sqlite"
    ? await createSqliteStore({ path: config.path })
    : await createEtcdStore({ endpoints: config.endpoints });

let next = 0;
async function writeUntilKilled(): Promise<void> {
  while (next < MAX_WRITES) {
    const key = `${config.prefix}${String(next++).padStart(7, "0")}`;
    const written = await store.create(key, Buffer.from(key));
    // Written only after the acknowledgement; stdout to a pipe is synchronous on Linux.
    process.stdout.write(`ack ${key} ${written.modRevision}\n`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, writeUntilKilled));
