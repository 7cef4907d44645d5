import { fileURLToPath } from "node:url";
import { startProcess, waitFor } from "@capstan/testing";
import { describe, expect, it } from "vitest";
import { type StoreHarness, storeFixture, text } from "./harness.js";

const WRITER = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));
const ACKS_BEFORE_KILL = 300;

/** Durability: a writer killed with SIGKILL mid-write loses none of the writes it was told succeeded. */
export function describeCrash(harness: StoreHarness): void {
  describe("crash", () => {
    const fixture = storeFixture(harness);

    it("keeps every acknowledged write of a process killed with SIGKILL", async () => {
      const target = await harness.crashTarget();
      const prefix = `/crash/${Date.now()}/`;
      const writer = startProcess({
        name: "crash-writer",
        command: process.execPath,
        args: [
          "--conditions=development",
          "--import",
          "tsx",
          WRITER,
          JSON.stringify({ ...target.writer, prefix }),
        ],
      });
      const acked = new Map<string, number>();
      let pending = "";
      writer.child.stdout?.on("data", (chunk: Buffer) => {
        const lines = (pending + chunk.toString("utf8")).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const [word, key, revision] = line.split(" ");
          if (word === "ack" && key && revision) acked.set(key, Number(revision));
        }
      });
      try {
        await waitFor(() => acked.size >= ACKS_BEFORE_KILL, {
          timeoutMs: 30_000,
          description: `${ACKS_BEFORE_KILL} acknowledged writes`,
        }).catch((error: unknown) => {
          throw new Error(`${String(error)}\nwriter output:\n${writer.output()}`);
        });
      } finally {
        await writer.kill();
      }
      expect(writer.child.signalCode).toBe("SIGKILL");

      const store = fixture.track(await target.reopen());
      const stored = new Map((await store.list({ prefix })).items.map((item) => [item.key, item]));
      const lost = [...acked].filter(([key, revision]) => stored.get(key)?.modRevision !== revision);
      expect(lost, "acknowledged writes missing after the crash").toEqual([]);
      for (const [key] of acked) expect(text(stored.get(key)?.value ?? new Uint8Array())).toBe(key);
      // The store still takes writes after the crash, at revisions beyond every acknowledged one.
      const after = await store.create(`${prefix}after-crash`, new Uint8Array([1]));
      expect(after.modRevision).toBeGreaterThan(Math.max(...acked.values()));
    });
  });
}
