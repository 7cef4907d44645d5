import { describe, expect, it } from "vitest";
import { createEtcdStore, type Store, StoreError, type WatchEvent } from "../src/index.js";
import { bytes, collectEvents, text } from "./conformance/harness.js";
import { describeEtcdConformance } from "./etcd-conformance.js";

describe("etcd store conformance (3 members)", () => {
  const etcd = describeEtcdConformance(3);

  describe("losing a member", () => {
    const WRITERS = 10;
    const TOKENS_PER_WRITER = 2;

    /**
     * Adds `token` to a set stored as JSON, by compare-and-swap. Idempotent: a write whose answer was
     * lost with a killed member (it may have committed) is detected on retry instead of counted twice.
     */
    async function addToken(store: Store, key: string, token: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        try {
          const current = await store.get(key);
          const tokens = JSON.parse(text(current?.value ?? bytes("[]"))) as string[];
          if (tokens.includes(token)) return;
          await store.update(key, bytes(JSON.stringify([...tokens, token])), current?.modRevision ?? 0);
          return;
        } catch (error) {
          if (!StoreError.is(error, "conflict") && !StoreError.is(error, "unavailable")) throw error;
          // Unavailable while the cluster elects a new leader: retry shortly (bounded by the deadline).
          if (StoreError.is(error, "unavailable")) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      throw new Error(`could not add ${token} before the deadline`);
    }

    /** Follows `key` until its token set has `count` members; returns every event seen. */
    async function watchUntil(
      store: Store,
      key: string,
      after: number,
      count: number,
    ): Promise<WatchEvent[]> {
      const events: WatchEvent[] = [];
      const signal = AbortSignal.timeout(60_000);
      for await (const batch of store.watch({ prefix: key, afterRevision: after, signal })) {
        events.push(...batch);
        const last = events.at(-1);
        if (last && (JSON.parse(text(last.kv.value)) as string[]).length >= count) break;
      }
      return events;
    }

    it("keeps serving writes and watches while each member in turn is killed and restarted", {
      timeout: 90_000,
    }, async () => {
      const warnings: string[] = [];
      const logger = { info() {}, warn: (_: object, message: string) => warnings.push(message) };
      const store = await createEtcdStore({ endpoints: etcd().endpoints, logger });
      const expected = 3 * WRITERS * TOKENS_PER_WRITER;
      try {
        const key = "/losing-a-member/tokens";
        const start = (await store.create(key, bytes("[]"))).modRevision;
        const live = watchUntil(store, key, start, expected);
        for (const member of [0, 1, 2]) {
          await etcd().killMember(member);
          await Promise.all(
            Array.from({ length: WRITERS }, async (_, writer) => {
              for (let i = 0; i < TOKENS_PER_WRITER; i++)
                await addToken(store, key, `m${member}w${writer}t${i}`);
            }),
          );
          await etcd().restartMember(member);
        }
        const final = await store.get(key);
        const tokens = JSON.parse(text(final?.value ?? bytes("[]"))) as string[];
        expect(tokens).toHaveLength(expected);
        expect(new Set(tokens).size).toBe(expected);

        // The watch open all along lived through the loss of its member (it re-opened the stream on
        // another) and saw every change once, in order, ending at the final value.
        const seen = (await live).map((event) => event.kv.modRevision);
        expect(warnings).toContain("etcd watch stream broke; re-opening");
        const replayed = await collectEvents(store, key, start, final?.modRevision ?? 0);
        expect(seen).toEqual(replayed.map((event) => event.kv.modRevision));
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
        expect(seen.at(-1)).toBe(final?.modRevision);
      } finally {
        await store.close();
      }
    });
  });
});
