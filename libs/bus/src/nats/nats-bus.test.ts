import { freePort, type NatsServer, startNats, waitFor } from "@capstan/testing";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, describeBusConformance } from "../../test/bus-conformance.js";
import type { Bus, StreamEvent, StreamMessage } from "../bus.js";
import { BusError } from "../bus-error.js";
import { changeSubject } from "../change-subject.js";
import { DEFAULT_STREAM_CONFIG, type StreamConfig } from "../stream-config.js";
import { connectNatsBus } from "./nats-bus.js";

let server: NatsServer;
/** JetStream admin calls in assertions; file storage on a loaded CI machine can exceed the 5 s default. */
const ADMIN_TIMEOUT_MS = 30_000;
let admin: NatsConnection;

beforeAll(async () => {
  server = await startNats({ jetstream: true });
  admin = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
});
afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

/**
 * A bus on a fresh stream: the previous test's stream is deleted first (streams may not share subjects).
 * Small pulls, so a reader that pauses really leaves messages on the server, where retention can take them.
 */
async function freshBus(stream?: Partial<StreamConfig>): Promise<Bus> {
  const jsm = await admin.jetstreamManager({ timeout: ADMIN_TIMEOUT_MS });
  await jsm.streams.delete(stream?.name ?? DEFAULT_STREAM_CONFIG.name).catch(() => false);
  return connectNatsBus({ servers: server.url, stream, consumeBatch: 2, gapCheckIntervalMs: 50 });
}

/** Waits until the bus has reconnected after a server restart. */
const reconnected = (bus: Bus) =>
  waitFor(() => bus.ping().then(() => true), { timeoutMs: 10_000, description: "the bus to reconnect" });

describeBusConformance("NATS JetStream", () => ({ create: freshBus }));

const bytes = (text: string) => new TextEncoder().encode(text);
const subject = changeSubject({ group: "", resource: "pods", namespace: "default", name: "web" });
const messages = (events: StreamEvent[]) => events.filter((e): e is StreamMessage => e.type === "message");

describe("NATS bus across nats-server restarts", () => {
  it.each(["clean stop", "crash"] as const)(
    "keeps the stream, the last position, dedup and live subscriptions after a %s",
    async (how) => {
      const bus = await freshBus();
      for (let revision = 1; revision <= 3; revision++) {
        await bus.append(subject, bytes(`rev ${revision}`), {
          msgId: String(revision),
          expectedLastMsgId: revision > 1 ? String(revision - 1) : undefined,
        });
      }
      const subscription = await bus.consume({ from: { seq: 1 } });
      expect(messages(await collect(subscription, (e) => e.length >= 3)).map((m) => m.msgId)).toEqual([
        "1",
        "2",
        "3",
      ]);

      if (how === "crash") await server.kill();
      await server.restart();
      await reconnected(bus);

      expect(await bus.lastPosition()).toEqual({ seq: 3, subject, msgId: "3" });
      // The server forgot its last msgId in the restart; the precondition still holds against the stored one.
      expect(await bus.append(subject, bytes("x"), { msgId: "5", expectedLastMsgId: "4" })).toEqual({
        status: "last-id-mismatch",
        lastMsgId: "3",
      });
      expect(await bus.append(subject, bytes("rev 4"), { msgId: "4", expectedLastMsgId: "3" })).toEqual({
        status: "stored",
        seq: 4,
      });
      expect(await bus.append(subject, bytes("rev 3"), { msgId: "3", expectedLastMsgId: "2" })).toEqual({
        status: "duplicate",
        seq: 3,
      });
      expect(await bus.append(subject, bytes("rev 5"), { msgId: "5", expectedLastMsgId: "4" })).toEqual({
        status: "stored",
        seq: 5,
      });
      // The subscription opened before the restart resumes where it was, without repeats.
      const after = await collect(subscription, (e) => messages(e).some((m) => m.seq === 5), 20_000);
      expect(messages(after).map((m) => m.msgId)).toEqual(["4", "5"]);
      await bus.close();
    },
    40_000,
  );

  it("lets concurrent publishers resume after a restart: each change stored once, in order", async () => {
    const buses = [await freshBus(), await connectNatsBus({ servers: server.url })];
    const [first, second] = buses as [Bus, Bus];
    await first.append(subject, bytes("1"), { msgId: "1" });
    await server.restart();
    await Promise.all(buses.map(reconnected));
    const publish = async (bus: Bus) => {
      for (let revision = 2; revision <= 30; revision++) {
        const result = await bus.append(subject, bytes(String(revision)), {
          msgId: String(revision),
          expectedLastMsgId: String(revision - 1),
        });
        expect(result.status).not.toBe("last-id-mismatch");
      }
    };
    await Promise.all([publish(first), publish(second)]);
    const events = await collect(await first.consume({ from: { seq: 1 } }), (e) => e.length >= 30);
    expect(messages(events).map((m) => m.msgId)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    await Promise.all(buses.map((bus) => bus.close()));
  });
});

describe("NATS bus connection", () => {
  it("fails with BusError unavailable when no server answers", async () => {
    const port = await freePort();
    await expect(connectNatsBus({ servers: `nats://127.0.0.1:${port}` })).rejects.toSatisfy((e) =>
      BusError.is(e, "unavailable"),
    );
  });

  it("fails appends with BusError unavailable while the server is down, and recovers", async () => {
    const bus = await connectNatsBus({ servers: server.url, requestTimeoutMs: 300 });
    await server.kill();
    await expect(bus.append(subject, bytes("x"), { msgId: "down" })).rejects.toSatisfy((e) =>
      BusError.is(e, "unavailable"),
    );
    await server.restart();
    await reconnected(bus);
    expect((await bus.append(subject, bytes("x"), { msgId: "up" })).status).not.toBe("last-id-mismatch");
    await bus.close();
  });

  it("updates an existing stream to the configured limits", async () => {
    const first = await freshBus({ maxMessages: 10 });
    await first.close();
    const second = await connectNatsBus({ servers: server.url, stream: { maxMessages: 3 } });
    const info = await (await admin.jetstreamManager({ timeout: ADMIN_TIMEOUT_MS })).streams.info(
      DEFAULT_STREAM_CONFIG.name,
    );
    expect(info.config.max_msgs).toBe(3);
    await second.close();
  });

  it("rejects bad options with BusError invalid", async () => {
    await expect(connectNatsBus({ servers: [] })).rejects.toSatisfy((e) => BusError.is(e, "invalid"));
    await expect(connectNatsBus({ servers: server.url, stream: { maxBytes: 0 } })).rejects.toSatisfy((e) =>
      BusError.is(e, "invalid"),
    );
    await expect(connectNatsBus({ servers: server.url, consumeBatch: 0 })).rejects.toSatisfy((e) =>
      BusError.is(e, "invalid"),
    );
  });
});
