/**
 * Store benchmark: the SQLite and etcd drivers, and the same operations straight to etcd with the etcd3
 * client in the same run, so each driver's cost shows as a ratio to raw etcd.
 * Each operation runs on every target in turn, in two rounds in opposite orders, so load that drifts
 * during the run (the machine is shared) weighs on every target alike.
 * Run: npm run bench:store (from the repository root).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEtcdStore, createSqliteStore } from "@capstan/store";
import { startEtcd } from "@capstan/testing";
import { type Samples, type Summary, summarise } from "./stats.js";
import { IN_FLIGHT, PHASES, type TargetState, VALUE } from "./store-phases.js";
import { rawEtcdTarget, storeTarget } from "./store-targets.js";

const ROUNDS = 2;
const RAW = "raw etcd3";

interface Result extends Summary {
  operation: string;
  target: string;
}

async function run(states: TargetState[]): Promise<Result[]> {
  const results: Result[] = [];
  for (const phase of PHASES) {
    for (const state of states) await phase.prepare?.(state);
    const samples = new Map<TargetState, Samples[]>(states.map((state) => [state, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? states : [...states].reverse();
      for (const state of order) samples.get(state)?.push(await phase.run(state, round));
    }
    for (const state of states) {
      const summary = summarise(samples.get(state) ?? []);
      results.push({ operation: phase.name, target: state.target.name, ...summary });
      process.stdout.write(
        `${phase.name.padEnd(22)} ${state.target.name.padEnd(14)} ${summary.opsPerSec.toFixed(0)} ops/s\n`,
      );
    }
  }
  return results;
}

function report(results: Result[]): string {
  const raw = new Map(results.filter((r) => r.target === RAW).map((r) => [r.operation, r]));
  const lines = [
    "operation              target            ops/s    p50 ms    p99 ms  p50 vs raw  ops/s vs raw",
  ];
  for (const r of results) {
    const base = raw.get(r.operation);
    lines.push(
      [
        r.operation.padEnd(22),
        r.target.padEnd(14),
        r.opsPerSec.toFixed(0).padStart(8),
        r.p50Ms.toFixed(3).padStart(9),
        r.p99Ms.toFixed(3).padStart(9),
        (base ? `${(r.p50Ms / base.p50Ms).toFixed(2)}x` : "").padStart(11),
        (base ? `${(r.opsPerSec / base.opsPerSec).toFixed(2)}x` : "").padStart(13),
      ].join(" "),
    );
  }
  return lines.join("\n");
}

function writeResults(results: Result[]): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `store-${new Date().toISOString().slice(0, 10)}.json`);
  const etcdVersion = execFileSync("/usr/bin/etcd", ["--version"]).toString().split("\n")[0] ?? "";
  const document = {
    date: new Date().toISOString(),
    command: "npm run bench:store",
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, etcd: etcdVersion },
    settings: {
      valueBytes: VALUE.length,
      etcdMembers: 1,
      sqliteSynchronous: "FULL",
      inFlight: IN_FLIGHT,
      rounds: ROUNDS,
    },
    results,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

const etcd = await startEtcd({ members: 1 });
const sqliteDir = mkdtempSync(join(tmpdir(), "capstan-bench-store-"));
const state = (target: TargetState["target"], prefix: string): TargetState => ({
  target,
  prefix,
  revisions: new Map(),
});
const states = [
  state(rawEtcdTarget(RAW, etcd.endpoints), "/bench/raw/"),
  state(storeTarget("etcd driver", await createEtcdStore({ endpoints: etcd.endpoints })), "/bench/driver/"),
  state(
    storeTarget("sqlite driver", await createSqliteStore({ path: join(sqliteDir, "bench.db") })),
    "/bench/",
  ),
];
let results: Result[];
try {
  results = await run(states);
} finally {
  await Promise.all(states.map((s) => s.target.close()));
  await etcd.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}
process.stdout.write(`\n${report(results)}\n\nwrote ${writeResults(results)}\n`);
