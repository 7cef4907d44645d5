/**
 * Apiserver benchmark: pod create/get/list/update through the REST API and through the gRPC API (the
 * apiserver runs in its own process on SQLite, as deployed), each beside the same operations straight on a
 * SQLite store in this process, at 1 and 64 requests in flight; then watch fan-out to 500 gRPC watchers
 * and to 500 NATS change-feed subscribers (delay from sending a write to each delivery).
 * Run: npm run bench:apiserver (from the repository root).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSqliteStore } from "@capstan/store";
import { startNats } from "@capstan/testing";
import { startApiServerProcess } from "../integration/support/apiserver-process.js";
import { type FanoutSummary, grpcWatchFanout, natsFanout } from "./apiserver-fanout.js";
import { type CrudTarget, grpcTarget, restTarget, storeTarget } from "./apiserver-targets.js";
import { measure, type Samples, type Summary, summarise } from "./stats.js";

/** Operations per phase at each concurrency (per round). */
const PLAN = [
  { inFlight: 1, creates: 300, gets: 600, lists: 100, updates: 300 },
  { inFlight: 64, creates: 1_000, gets: 2_000, lists: 200, updates: 1_000 },
];
/** Every phase runs on each target in turn, twice, so a load change on the machine hits all targets alike. */
const ROUNDS = 2;
/** Pods in the namespace every list reads. */
const LISTED_PODS = 100;
const FANOUT_SUBSCRIBERS = 500;
const FANOUT_WRITES = 50;

interface Result extends Summary {
  operation: string;
  target: string;
  inFlight: number;
}

type Operation = "create" | "get" | "update" | "list";
const OPERATIONS: readonly Operation[] = ["create", "get", "update", "list"];

/** The namespace a target uses for `purpose`: REST and gRPC write to the same apiserver, so never the same one. */
const namespaceOf = (target: CrudTarget, purpose: string) => `${target.name.toLowerCase()}-${purpose}`;

/** One operation of one phase on one target, `count` times with `inFlight` calls at once. */
function run(
  target: CrudTarget,
  operation: Operation,
  namespace: string,
  count: number,
  inFlight: number,
): Promise<Samples> {
  const name = (i: number) => `pod-${i}`;
  const created = PLAN.find((phase) => phase.inFlight === inFlight)?.creates ?? 1;
  switch (operation) {
    case "create":
      return measure(count, inFlight, (i) => target.create(namespace, name(i)));
    case "get":
      return measure(count, inFlight, (i) => target.get(namespace, name((i * 7919) % created)));
    case "update":
      return measure(count, inFlight, (i) => target.update(namespace, name(i % created)));
    case "list":
      return measure(count, inFlight, async () => {
        const listed = await target.list(namespaceOf(target, "listed"));
        if (listed !== LISTED_PODS)
          throw new Error(`${target.name} listed ${listed} pods, expected ${LISTED_PODS}`);
      });
  }
}

async function benchmark(targets: readonly CrudTarget[]): Promise<Result[]> {
  const samples = new Map<string, Samples[]>();
  for (const target of targets) {
    await target.namespace(namespaceOf(target, "listed"));
    await measure(LISTED_PODS, 8, (i) => target.create(namespaceOf(target, "listed"), `pod-${i}`));
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const phase of PLAN) {
      const purpose = `round-${round}-x${phase.inFlight}`;
      for (const target of targets) await target.namespace(namespaceOf(target, purpose));
      for (const operation of OPERATIONS) {
        const count = { create: phase.creates, get: phase.gets, update: phase.updates, list: phase.lists }[
          operation
        ];
        for (const target of targets) {
          const key = `${operation}|${phase.inFlight}|${target.name}`;
          const timed = await run(target, operation, namespaceOf(target, purpose), count, phase.inFlight);
          samples.set(key, [...(samples.get(key) ?? []), timed]);
          const summary = summarise([timed]);
          process.stdout.write(
            `  round ${round} ${operation.padEnd(6)} x${String(phase.inFlight).padEnd(3)} ${target.name.padEnd(6)} ${summary.opsPerSec.toFixed(0).padStart(6)} ops/s  p50 ${summary.p50Ms.toFixed(2)} ms  p99 ${summary.p99Ms.toFixed(2)} ms\n`,
          );
        }
      }
    }
  }
  return [...samples].map(([key, runs]) => {
    const [operation = "", inFlight = "", target = ""] = key.split("|");
    return { operation, target, inFlight: Number(inFlight), ...summarise(runs) };
  });
}

function report(results: Result[]): string {
  const lines = [
    `${"operation".padEnd(12)} ${"target".padEnd(6)} ${"ops/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"ops/s vs store".padStart(15)} ${"p50 vs store".padStart(13)}`,
  ];
  for (const r of results) {
    const base = results.find(
      (s) => s.target === "store" && s.operation === r.operation && s.inFlight === r.inFlight,
    );
    lines.push(
      [
        `${r.operation} x${r.inFlight}`.padEnd(12),
        r.target.padEnd(6),
        r.opsPerSec.toFixed(0).padStart(8),
        r.p50Ms.toFixed(2).padStart(8),
        r.p99Ms.toFixed(2).padStart(8),
        (base ? `${(r.opsPerSec / base.opsPerSec).toFixed(3)}x` : "").padStart(15),
        (base ? `${(r.p50Ms / base.p50Ms).toFixed(1)}x` : "").padStart(13),
      ].join(" "),
    );
  }
  return lines.join("\n");
}

function fanoutLine(name: string, f: FanoutSummary): string {
  return `${name.padEnd(26)} ${f.subscribers} subscribers x ${f.writes} writes: p50 ${f.p50Ms.toFixed(1)} ms  p99 ${f.p99Ms.toFixed(1)} ms  max ${f.maxMs.toFixed(1)} ms`;
}

function writeResults(results: Result[], fanout: Record<string, FanoutSummary>): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `apiserver-${new Date().toISOString().slice(0, 10)}.json`);
  const document = {
    date: new Date().toISOString(),
    command: "npm run bench:apiserver",
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    settings: {
      plan: PLAN,
      listedPods: LISTED_PODS,
      store: "sqlite (synchronous FULL)",
      apiserver: "child process",
    },
    results,
    fanout,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

const dir = mkdtempSync(join(tmpdir(), "capstan-bench-apiserver-"));
const nats = await startNats();
const apiserver = await startApiServerProcess({ dataDir: join(dir, "apiserver"), nats: nats.url });
const { grpcAddress } = apiserver;
const targets = [
  storeTarget(await createSqliteStore({ path: join(dir, "store.db") })),
  restTarget(apiserver.url),
  grpcTarget(grpcAddress),
];
try {
  const results = await benchmark(targets);
  process.stdout.write("watch fan-out\n");
  await targets[1]?.namespace("fanout-grpc");
  await targets[1]?.namespace("fanout-nats");
  const fanout = {
    grpcWatchers: await grpcWatchFanout(grpcAddress, "fanout-grpc", FANOUT_SUBSCRIBERS, FANOUT_WRITES),
    natsSubscribers: await natsFanout(
      grpcAddress,
      nats.url,
      "fanout-nats",
      FANOUT_SUBSCRIBERS,
      FANOUT_WRITES,
    ),
  };
  process.stdout.write(
    `\n${report(results)}\n\n${fanoutLine("gRPC watch fan-out", fanout.grpcWatchers)}\n${fanoutLine("NATS change-feed fan-out", fanout.natsSubscribers)}\n\nwrote ${writeResults(results, fanout)}\n`,
  );
} finally {
  await Promise.all(targets.map((target) => target.close()));
  await apiserver.stop();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
