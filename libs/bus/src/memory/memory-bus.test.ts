import { describe, expect, it } from "vitest";
import { collect, describeBusConformance } from "../../test/bus-conformance.js";
import { BusError } from "../bus-error.js";
import { createMemoryBus } from "./memory-bus.js";

describeBusConformance("in-process", () => ({ create: async (stream) => createMemoryBus({ stream }) }));

const bytes = (text: string) => new TextEncoder().encode(text);
const subject = "capstan.changes.core.pods.default.web._";

describe("in-process bus retention", () => {
  it("discards messages older than maxAge and reports them as a gap", async () => {
    let now = 1_000_000;
    const bus = createMemoryBus({ stream: { maxAgeMs: 60_000, duplicateWindowMs: 1_000 }, now: () => now });
    await bus.append(subject, bytes("old"), { msgId: "1" });
    now += 30_000;
    await bus.append(subject, bytes("newer"), { msgId: "2" });
    now += 40_000;
    const events = await collect(await bus.consume({ from: { seq: 1 } }), (e) => e.length >= 2);
    expect(events[0]).toEqual({ type: "gap", fromSeq: 1, toSeq: 1 });
    expect(events[1]).toMatchObject({ type: "message", seq: 2 });
    await bus.close();
  });

  it("forgets message ids after the duplicate window", async () => {
    let now = 0;
    const bus = createMemoryBus({ stream: { duplicateWindowMs: 1_000 }, now: () => now });
    await bus.append(subject, bytes("a"), { msgId: "1" });
    expect(await bus.append(subject, bytes("a"), { msgId: "1" })).toEqual({ status: "duplicate", seq: 1 });
    now += 1_001;
    expect(await bus.append(subject, bytes("a"), { msgId: "1" })).toEqual({ status: "stored", seq: 2 });
    await bus.close();
  });

  it("discards the oldest beyond maxBytes", async () => {
    const bus = createMemoryBus({ stream: { maxBytes: 1_000 } });
    for (let i = 1; i <= 10; i++) await bus.append(subject, new Uint8Array(200), { msgId: String(i) });
    const events = await collect(await bus.consume({ from: { seq: 1 } }), (e) =>
      e.some((x) => x.type === "message"),
    );
    expect(events[0]).toMatchObject({ type: "gap", fromSeq: 1 });
    await bus.close();
  });

  it("rejects a bad stream configuration", () => {
    expect(() => createMemoryBus({ stream: { maxAgeMs: -1 } })).toThrow(BusError);
    expect(() => createMemoryBus({ stream: { name: "a b" } })).toThrow(BusError);
    expect(() => createMemoryBus({ stream: { subjects: ["a.>.b"] } })).toThrow(BusError);
    expect(() => createMemoryBus({ stream: { duplicateWindowMs: 10, maxAgeMs: 5 } })).toThrow(BusError);
  });
});
