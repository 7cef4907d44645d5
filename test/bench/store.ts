/**
 * Store benchmark: the SQLite and etcd drivers, and the same operations straight to etcd with the etcd3
 * client in the same run, so each driver's cost shows as a ratio to raw etcd.
 * Run: npm run bench:store (from the repository root).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEtcdStore, createSqliteStore } from "@capstan/store";
import { startEtcd } from "@capstan/testing";
import { measure, type Summary, summarise } from "./stats.js";
import { type BenchTarget, rawEtcdTarget, storeTarget } from "./store-targets.js";

const SEQUENTIAL_WRITES = 2_000;
const GETS = 5_000;
const CONCURRENT_CREATES = 2_000;
const IN_FLIGHT = 50;
const LOAD_IN_FLIGHT = 64;
const LISTS = [
  { keys: 1_000, repeats: 30 },
  { keys: 10_000, repeats: 10 },
];
const WATCHED_WRITES = 500;
/** A small Kubernetes object's protobuf encoding is about this size. */
const VALUE = randomBytes(1_024);

interface Result extends Summary {
  operation: string;
  target: string;
}

const key = (prefix: string, index: number) => `${prefix}${String(index).padStart(6, "0")}`;

async function benchmark(target: BenchTarget, prefix: string): Promise<Result[]> {
  const results: Result[] = [];
  const record = (operation: string, summary: Summary) => {
    results.push({ operation, target: target.name, ...summary });
    process.stdout.write(`  ${target.name.padEnd(13)} ${operation}: ${summary.opsPerSec.toFixed(0)} ops/s\n`);
  };
  const revisions: number[] = [];
  const objects = `${prefix}objects/`;
  record(
    "create",
    await measure(SEQUENTIAL_WRITES, 1, async (i) => {
      revisions[i] = await target.create(key(objects, i), VALUE);
    }),
  );
  record(
    "update",
    await measure(SEQUENTIAL_WRITES, 1, async (i) => {
      revisions[i] = await target.update(key(objects, i), VALUE, revisions[i] ?? 0);
    }),
  );
  record("get", await measure(GETS, 1, (i) => target.get(key(objects, (i * 7919) % SEQUENTIAL_WRITES))));
  record(
    `create x${IN_FLIGHT} in flight`,
    await measure(CONCURRENT_CREATES, IN_FLIGHT, (i) => target.create(key(`${prefix}concurrent/`, i), VALUE)),
  );
  for (const { keys, repeats } of LISTS) {
    const listed = `${prefix}list-${keys}/`;
    await measure(keys, LOAD_IN_FLIGHT, (i) => target.create(key(listed, i), VALUE));
    record(
      `list ${keys.toLocaleString("en")} keys`,
      await measure(repeats, 1, async () => {
        const count = await target.list(listed);
        if (count !== keys) throw new Error(`${target.name} listed ${count} keys, expected ${keys}`);
      }),
    );
  }
  record("watch delivery", await watchDelivery(target, `${prefix}watched/`));
  return results;
}

/** Time from issuing a write to a watcher receiving it, one write at a time. */
async function watchDelivery(target: BenchTarget, prefix: string): Promise<Summary> {
  const arrivals = new Map<string, (at: number) => void>();
  const stop = await target.watch(prefix, (name) => arrivals.get(name)?.(performance.now()));
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < WATCHED_WRITES; i++) {
    const name = key(prefix, i);
    const arrived = new Promise<number>((resolve) => arrivals.set(name, resolve));
    const t0 = performance.now();
    await target.create(name, VALUE);
    latencies.push((await arrived) - t0);
    arrivals.delete(name);
  }
  const summary = summarise(latencies, performance.now() - started);
  await stop();
  return summary;
}

function report(results: Result[]): string {
  const raw = new Map(results.filter((r) => r.target === "raw etcd3").map((r) => [r.operation, r]));
  const lines = [
    "operation                 target            ops/s     p50 ms    p99 ms   p50 vs raw  ops/s vs raw",
  ];
  for (const r of results) {
    const base = raw.get(r.operation);
    const p50Ratio = base ? `${(r.p50Ms / base.p50Ms).toFixed(2)}x` : "";
    const rateRatio = base ? `${(r.opsPerSec / base.opsPerSec).toFixed(2)}x` : "";
    lines.push(
      [
        r.operation.padEnd(25),
        r.target.padEnd(14),
        r.opsPerSec.toFixed(0).padStart(8),
        r.p50Ms.toFixed(3).padStart(10),
        r.p99Ms.toFixed(3).padStart(9),
        p50Ratio.padStart(12),
        rateRatio.padStart(13),
      ].join(" "),
    );
  }
  return lines.join("\n");
}

const etcd = await startEtcd({ members: 1 });
const sqliteDir = mkdtempSync(join(tmpdir(), "capstan-bench-store-"));
const results: Result[] = [];
try {
  const targets: [() => Promise<BenchTarget>, string][] = [
    [async () => rawEtcdTarget(etcd.endpoints), "/bench/raw/"],
    [
      async () => storeTarget("etcd driver", await createEtcdStore({ endpoints: etcd.endpoints })),
      "/bench/driver/",
    ],
    [
      async () =>
        storeTarget("sqlite driver", await createSqliteStore({ path: join(sqliteDir, "bench.db") })),
      "/bench/",
    ],
  ];
  for (const [open, prefix] of targets) {
    const target = await open();
    process.stdout.write(`${target.name}\n`);
    try {
      results.push(...(await benchmark(target, prefix)));
    } finally {
      await target.close();
    }
  }
} finally {
  await etcd.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}

const table = report(results);
process.stdout.write(`\n${table}\n`);
const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `store-${new Date().toISOString().slice(0, 10)}.json`);
const etcdVersion = execFileSync("/usr/bin/etcd", ["--version"]).toString().split("\n")[0] ?? "";
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      command: "npm run bench:store",
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, etcd: etcdVersion },
      settings: { valueBytes: VALUE.length, etcdMembers: 1, sqliteSynchronous: "FULL", inFlight: IN_FLIGHT },
      results,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`\nwrote ${file}\n`);
