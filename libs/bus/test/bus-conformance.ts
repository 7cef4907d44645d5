import { waitFor } from "@capstan/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { Bus, StreamEvent, StreamMessage, StreamSubscription } from "../src/bus.js";
import { BusError } from "../src/bus-error.js";
import { changeFilter, changeSubject } from "../src/change-subject.js";
import type { StreamConfig } from "../src/stream-config.js";

/** How a driver's test file gives the suite fresh buses (each with a fresh, empty stream). */
export interface BusFactory {
  create(stream?: Partial<StreamConfig>): Promise<Bus>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (payload: Uint8Array) => new TextDecoder().decode(payload);
const subjectOf = (name: string, nodeName = "") =>
  changeSubject({ group: "", resource: "pods", namespace: "default", name, nodeName });

/** Reads events until `until` says stop (or the deadline passes), without closing the subscription. */
export async function collect(
  subscription: StreamSubscription,
  until: (events: StreamEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!until(events)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`timed out with ${JSON.stringify(summary(events))}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), remaining);
    });
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === "timeout") throw new Error(`timed out with ${JSON.stringify(summary(events))}`);
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

function summary(events: StreamEvent[]): unknown[] {
  return events.map((event) => (event.type === "gap" ? event : [event.seq, event.msgId]));
}

const messagesOf = (events: StreamEvent[]) => events.filter((e): e is StreamMessage => e.type === "message");
const countMessages = (n: number) => (events: StreamEvent[]) => messagesOf(events).length >= n;

/** Appends revisions `from..to` as a change-feed publisher would (msgId = revision, expecting the previous). */
async function appendRevisions(
  bus: Bus,
  from: number,
  to: number,
  subject = subjectOf("web"),
): Promise<void> {
  for (let revision = from; revision <= to; revision++) {
    const result = await bus.append(subject, bytes(`rev ${revision}`), {
      msgId: String(revision),
      expectedLastMsgId: revision > 1 ? String(revision - 1) : undefined,
    });
    expect(result.status).toBe("stored");
  }
}

/** The behaviour every Bus driver must have; run by each driver's test file. */
export function describeBusConformance(driver: string, factory: () => BusFactory): void {
  describe(`Bus conformance: ${driver}`, () => {
    const open: Bus[] = [];
    const create = async (stream?: Partial<StreamConfig>) => {
      const bus = await factory().create(stream);
      open.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });

    it("stores appends in order and reports the last position", async () => {
      const bus = await create();
      expect(await bus.lastPosition()).toBeUndefined();
      expect(await bus.append(subjectOf("a"), bytes("1"), { msgId: "1" })).toEqual({
        status: "stored",
        seq: 1,
      });
      expect(await bus.append(subjectOf("b"), bytes("2"), { msgId: "2" })).toEqual({
        status: "stored",
        seq: 2,
      });
      expect(await bus.lastPosition()).toEqual({ seq: 2, subject: subjectOf("b"), msgId: "2" });
    });

    it("stores a message id once: a repeat is a duplicate pointing at the original", async () => {
      const bus = await create();
      await bus.append(subjectOf("a"), bytes("first"), { msgId: "7" });
      await bus.append(subjectOf("a"), bytes("other"), { msgId: "8" });
      expect(await bus.append(subjectOf("a"), bytes("again"), { msgId: "7" })).toEqual({
        status: "duplicate",
        seq: 1,
      });
      const events = await collect(await bus.consume({ from: { seq: 1 } }), countMessages(2));
      expect(messagesOf(events).map((m) => [m.msgId, text(m.payload)])).toEqual([
        ["7", "first"],
        ["8", "other"],
      ]);
    });

    it("enforces the expected last id, checking duplicates first", async () => {
      const bus = await create();
      await appendRevisions(bus, 1, 3);
      // Behind: a publisher still at revision 2.
      expect(await bus.append(subjectOf("web"), bytes("x"), { msgId: "2b", expectedLastMsgId: "1" })).toEqual(
        {
          status: "last-id-mismatch",
          lastMsgId: "3",
        },
      );
      // Ahead: revision 5 while 4 is missing.
      expect(await bus.append(subjectOf("web"), bytes("x"), { msgId: "5", expectedLastMsgId: "4" })).toEqual({
        status: "last-id-mismatch",
        lastMsgId: "3",
      });
      // A repeat of a stored change is a duplicate, whatever it expected.
      expect(await bus.append(subjectOf("web"), bytes("x"), { msgId: "2", expectedLastMsgId: "1" })).toEqual({
        status: "duplicate",
        seq: 2,
      });
      expect(await bus.append(subjectOf("web"), bytes("x"), { msgId: "4", expectedLastMsgId: "3" })).toEqual({
        status: "stored",
        seq: 4,
      });
    });

    it("stores each change once and in order when several publishers race", async () => {
      const bus = await create();
      const revisions = 60;
      const publisher = async (name: string) => {
        const outcomes = { stored: 0, duplicate: 0, mismatch: 0 };
        for (let revision = 1; revision <= revisions; revision++) {
          const result = await bus.append(subjectOf("web"), bytes(`${name}:${revision}`), {
            msgId: String(revision),
            expectedLastMsgId: revision > 1 ? String(revision - 1) : undefined,
          });
          if (result.status === "stored") outcomes.stored++;
          else if (result.status === "duplicate") outcomes.duplicate++;
          else outcomes.mismatch++;
        }
        return outcomes;
      };
      const results = await Promise.all(["a", "b", "c"].map(publisher));
      expect(results.reduce((sum, r) => sum + r.stored, 0)).toBe(revisions);
      expect(results.every((r) => r.mismatch === 0)).toBe(true);
      const events = await collect(await bus.consume({ from: { seq: 1 } }), countMessages(revisions));
      expect(messagesOf(events).map((m) => m.msgId)).toEqual(
        Array.from({ length: revisions }, (_, i) => String(i + 1)),
      );
      expect(await bus.lastPosition()).toMatchObject({ seq: revisions, msgId: String(revisions) });
    });

    it("consumes in order from a sequence, then live appends", async () => {
      const bus = await create();
      await appendRevisions(bus, 1, 5);
      const subscription = await bus.consume({ from: { seq: 3 } });
      const first = await collect(subscription, countMessages(3));
      expect(messagesOf(first).map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(first.every((e) => e.type === "message")).toBe(true);
      await appendRevisions(bus, 6, 7);
      const more = await collect(subscription, countMessages(2));
      expect(messagesOf(more).map((m) => [m.seq, m.msgId, text(m.payload)])).toEqual([
        [6, "6", "rev 6"],
        [7, "7", "rev 7"],
      ]);
      expect(messagesOf(more)[0]?.time).toBeInstanceOf(Date);
      await subscription.close();
    });

    it("consumes only new messages with from: new", async () => {
      const bus = await create();
      await appendRevisions(bus, 1, 3);
      const subscription = await bus.consume({ from: "new" });
      await appendRevisions(bus, 4, 5);
      const events = await collect(subscription, countMessages(2));
      expect(messagesOf(events).map((m) => m.msgId)).toEqual(["4", "5"]);
      await subscription.close();
    });

    it("filters by resource, namespace and node with changeFilter", async () => {
      const bus = await create();
      const changes = [
        { group: "", resource: "pods", namespace: "default", name: "web-1", nodeName: "node-a" },
        { group: "", resource: "pods", namespace: "default", name: "web-2", nodeName: "node-b" },
        { group: "apps", resource: "deployments", namespace: "default", name: "web" },
        { group: "", resource: "pods", namespace: "kube-system", name: "dns.v1", nodeName: "node-a" },
        { group: "", resource: "nodes", name: "node-a" },
        { group: "", resource: "pods", namespace: "default", name: "pending" },
      ];
      for (const [index, change] of changes.entries()) {
        await bus.append(changeSubject(change), bytes(change.name), { msgId: String(index + 1) });
      }
      const names = async (filter: string, count: number) => {
        const subscription = await bus.consume({ from: { seq: 1 }, filter });
        const events = await collect(subscription, countMessages(count));
        await subscription.close();
        return messagesOf(events).map((m) => text(m.payload));
      };
      expect(await names(changeFilter({ resource: "pods", nodeName: "node-a" }), 2)).toEqual([
        "web-1",
        "dns.v1",
      ]);
      expect(await names(changeFilter({ resource: "pods", namespace: "default" }), 3)).toEqual([
        "web-1",
        "web-2",
        "pending",
      ]);
      expect(await names(changeFilter({ resource: "pods", nodeName: "" }), 1)).toEqual(["pending"]);
      expect(await names(changeFilter({ group: "apps" }), 1)).toEqual(["web"]);
      expect(await names(changeFilter({ namespace: "" }), 1)).toEqual(["node-a"]);
      // The filter holds for later appends too: node-b's subscription sees only node-b's pod.
      const nodeB = await bus.consume({
        from: "new",
        filter: changeFilter({ resource: "pods", nodeName: "node-b" }),
      });
      await bus.append(subjectOf("x", "node-a"), bytes("x"), { msgId: "7" });
      await bus.append(subjectOf("y", "node-b"), bytes("y"), { msgId: "8" });
      expect(messagesOf(await collect(nodeB, countMessages(1))).map((m) => m.seq)).toEqual([8]);
      await nodeB.close();
    });

    it("reports a gap when the start position was discarded, then continues in order", async () => {
      const bus = await create({ maxMessages: 5 });
      await appendRevisions(bus, 1, 10);
      const subscription = await bus.consume({ from: { seq: 2 } });
      const events = await collect(subscription, countMessages(5));
      expect(events[0]).toEqual({ type: "gap", fromSeq: 2, toSeq: 5 });
      expect(messagesOf(events).map((m) => m.seq)).toEqual([6, 7, 8, 9, 10]);
      await subscription.close();
    });

    it("reports a gap when a slow consumer is overtaken by retention, without repeating messages", async () => {
      const bus = await create({ maxMessages: 5 });
      const filter = changeFilter({ resource: "pods", nodeName: "node-a" });
      await appendRevisions(bus, 1, 2, subjectOf("p", "node-a"));
      const subscription = await bus.consume({ from: { seq: 1 }, filter });
      const first = await collect(subscription, countMessages(1));
      expect(messagesOf(first).map((m) => m.seq)).toEqual([1]);
      // While it does not read, 20 more changes arrive; only the last 5 are kept.
      for (let revision = 3; revision <= 22; revision++) {
        await bus.append(subjectOf("p", "node-a"), bytes("x"), { msgId: String(revision) });
      }
      const rest = await collect(subscription, (events) => messagesOf(events).some((m) => m.seq === 22));
      const gaps = rest.filter((event) => event.type === "gap");
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      const seqs = messagesOf([...first, ...rest]).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs.slice(-5)).toEqual([18, 19, 20, 21, 22]);
      // Every sequence is either delivered or inside a reported gap.
      for (let seq = 1; seq <= 22; seq++) {
        const covered =
          seqs.includes(seq) || gaps.some((g) => g.type === "gap" && g.fromSeq <= seq && seq <= g.toSeq);
        expect(covered, `seq ${seq} neither delivered nor reported missing`).toBe(true);
      }
      await subscription.close();
    });

    it("ends iteration on close, and fails every call after the bus is closed", async () => {
      const bus = await create();
      const subscription = await bus.consume({ from: "new" });
      const iterating = collect(subscription, () => false);
      await subscription.close();
      expect(await iterating).toEqual([]);
      const other = await bus.consume({ from: "new" });
      const plain = bus.subscribe("capstan.heartbeats.>");
      const otherIterating = collect(other, () => false);
      const plainDone = (async () => {
        for await (const _ of plain) return "message";
        return "ended";
      })();
      await bus.close();
      expect(await otherIterating).toEqual([]);
      expect(await plainDone).toBe("ended");
      await bus.close();
      await expect(bus.append(subjectOf("a"), bytes("x"), { msgId: "1" })).rejects.toSatisfy((e) =>
        BusError.is(e, "closed"),
      );
      await expect(bus.ping()).rejects.toSatisfy((e) => BusError.is(e, "closed"));
      expect(() => bus.publish("capstan.heartbeats.a", bytes("x"))).toThrow(BusError);
    });

    it("leaves no timers or sockets behind after close", async () => {
      const before = activeHandles();
      const bus = await factory().create();
      await bus.append(subjectOf("a"), bytes("x"), { msgId: "1" });
      const subscription = await bus.consume({ from: { seq: 1 } });
      await collect(subscription, countMessages(1));
      const plain = bus.subscribe("capstan.heartbeats.>");
      bus.publish("capstan.heartbeats.n1", bytes("beat"));
      await bus.ping();
      await plain.close();
      await bus.close();
      await waitFor(() => activeHandles() <= before, {
        timeoutMs: 5_000,
        description: "handles to be released",
      });
    });

    it("delivers plain messages to current subscribers only, by pattern and queue group", async () => {
      const bus = await create();
      bus.publish("capstan.heartbeats.early", bytes("nobody listens"));
      const all = bus.subscribe("capstan.heartbeats.>");
      const one = bus.subscribe("capstan.heartbeats.n1");
      const workers = [0, 1].map(() => bus.subscribe("capstan.metrics.*", { queue: "collectors" }));
      const seenByWorker: string[][] = workers.map(() => []);
      const reading = workers.map(async (worker, index) => {
        for await (const message of worker) seenByWorker[index]?.push(text(message.payload));
      });
      // ping() is a round trip on the same connection, so the subscriptions are in place after it.
      await bus.ping();
      bus.publish("capstan.heartbeats.n1", bytes("n1"));
      bus.publish("capstan.heartbeats.n2", bytes("n2"));
      for (let i = 0; i < 10; i++) bus.publish("capstan.metrics.pods", bytes(String(i)));
      const take = async (subscription: AsyncIterable<{ payload: Uint8Array }>, count: number) => {
        const seen: string[] = [];
        for await (const message of subscription) {
          seen.push(text(message.payload));
          if (seen.length === count) break;
        }
        return seen;
      };
      expect(await take(all, 2)).toEqual(["n1", "n2"]);
      expect(await take(one, 1)).toEqual(["n1"]);
      await waitFor(() => seenByWorker.flat().length === 10, { timeoutMs: 5_000 });
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(reading);
      // Each message reached exactly one member of the queue group.
      expect(seenByWorker.flat().sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 10 }, (_, i) => String(i)),
      );
    });

    it("rejects bad input with BusError invalid", async () => {
      const bus = await create();
      const invalid = (e: unknown) => BusError.is(e, "invalid");
      await expect(bus.append("capstan..x", bytes("x"), { msgId: "1" })).rejects.toSatisfy(invalid);
      await expect(bus.append("capstan.changes.*", bytes("x"), { msgId: "1" })).rejects.toSatisfy(invalid);
      await expect(bus.append("elsewhere.x", bytes("x"), { msgId: "1" })).rejects.toSatisfy(invalid);
      await expect(
        bus.append(subjectOf("a"), "x" as unknown as Uint8Array, { msgId: "1" }),
      ).rejects.toSatisfy(invalid);
      await expect(bus.append(subjectOf("a"), bytes("x"), { msgId: "" })).rejects.toSatisfy(invalid);
      await expect(
        bus.append(subjectOf("a"), bytes("x"), { msgId: "1", expectedLastMsgId: "" }),
      ).rejects.toSatisfy(invalid);
      await expect(
        bus.append(subjectOf("a"), new Uint8Array(2 * 1024 * 1024), { msgId: "1" }),
      ).rejects.toSatisfy(invalid);
      await expect(bus.consume({ from: { seq: 0 } })).rejects.toSatisfy(invalid);
      await expect(bus.consume({ from: "old" as "new" })).rejects.toSatisfy(invalid);
      await expect(bus.consume({ from: "new", filter: "a.>.b" })).rejects.toSatisfy(invalid);
      expect(() => bus.subscribe("")).toThrow(BusError);
      expect(() => bus.subscribe("a", { queue: "a b" })).toThrow(BusError);
      expect(() => bus.publish("a b", bytes("x"))).toThrow(BusError);
      expect(await bus.lastPosition()).toBeUndefined();
    });
  });
}

/** Open timers, sockets and other handles of this process. */
function activeHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind !== "PipeWrap" && kind !== "TTYWrap").length;
}
