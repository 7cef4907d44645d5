// Throughput of the change-feed path for both drivers: `npm run bench -w @capstan/bus`.
// Appends carry dedup ids and the expected-last-id chain, as the apiserver's feed publisher sends them.
import { startNats } from "@capstan/testing";
import type { Bus } from "../src/bus.js";
import { changeSubject } from "../src/change-subject.js";
import { createMemoryBus } from "../src/memory/memory-bus.js";
import { connectNatsBus } from "../src/nats/nats-bus.js";

const COUNT = Number(process.env.BENCH_COUNT ?? 5_000);
const WINDOW = 64;
const payload = new Uint8Array(512);
const subject = changeSubject({
  group: "",
  resource: "pods",
  namespace: "default",
  name: "web",
  nodeName: "n1",
});

async function appendChain(bus: Bus, from: number, count: number, window: number): Promise<number> {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let revision = from; revision < from + count; revision++) {
    const sent = bus
      .append(subject, payload, {
        msgId: String(revision),
        expectedLastMsgId: revision > 1 ? String(revision - 1) : undefined,
      })
      .then((result) => {
        if (result.status !== "stored") throw new Error(`revision ${revision}: ${JSON.stringify(result)}`);
      });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return count / ((performance.now() - started) / 1_000);
}

async function consumeAll(bus: Bus, count: number): Promise<number> {
  const started = performance.now();
  const subscription = await bus.consume({ from: { seq: 1 } });
  let seen = 0;
  for await (const event of subscription) {
    if (event.type === "message" && ++seen === count) break;
  }
  return count / ((performance.now() - started) / 1_000);
}

async function measure(name: string, bus: Bus): Promise<Record<string, number | string>> {
  const sequential = await appendChain(bus, 1, COUNT, 1);
  const pipelined = await appendChain(bus, COUNT + 1, COUNT, WINDOW);
  const consumed = await consumeAll(bus, 2 * COUNT);
  await bus.close();
  return {
    driver: name,
    "append msg/s (await each)": Math.round(sequential),
    [`append msg/s (${WINDOW} in flight)`]: Math.round(pipelined),
    "consume msg/s": Math.round(consumed),
  };
}

const nats = await startNats({ jetstream: true });
try {
  const rows = [
    await measure("in-process", createMemoryBus()),
    await measure("nats -js", await connectNatsBus({ servers: nats.url })),
  ];
  console.log(`${COUNT} x 2 messages of ${payload.byteLength} B`);
  console.table(rows);
} finally {
  await nats.stop();
}
