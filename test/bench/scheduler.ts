/**
 * Scheduler benchmark, end to end through the apiserver, in the shape of Kubernetes' scheduler_perf: hollow
 * nodes register, the scheduler app runs as its own process (so its RSS is its own), pods are created through
 * gRPC (32 in flight) and a watch sees each one bound. Per scenario: pods/s from the first create to the last
 * bind, p50/p99 of create → bind, and the scheduler's peak RSS; then, in the same cluster, the floor: the
 * same number of pods created and bound by this process with no scheduling decision, so the report shows
 * what scheduling costs as a ratio. The apiserver runs in its own process on SQLite.
 * Run: npm run bench:scheduler [-- --scale=0.1] [-- --only=basic-500x5000,spread-500x2000]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGrpcTransport } from "@capstan/client";
import { createLogger } from "@capstan/runtime";
import { startApiServerProcess } from "../integration/support/apiserver-process.js";
import { startSchedulerProcess } from "../src/scheduler-process.js";
import { type RunResult, runPods, startBenchNodes } from "./scheduler-scenario.js";
import type { Workload } from "./scheduler-workloads.js";

interface Scenario {
  readonly name: string;
  readonly workload: Workload;
  readonly nodes: number;
  readonly pods: number;
}

/** Kubernetes' scheduler_perf shapes; anti-affinity places at most one pod per node, hence fewer pods. */
const SCENARIOS: readonly Scenario[] = [
  { name: "SchedulingBasic", workload: "basic", nodes: 500, pods: 5_000 },
  { name: "SchedulingBasic", workload: "basic", nodes: 5_000, pods: 10_000 },
  { name: "TopologySpreading", workload: "spread", nodes: 500, pods: 2_000 },
  { name: "RequiredPodAntiAffinity", workload: "anti-affinity", nodes: 500, pods: 400 },
];

interface ScenarioResult {
  readonly scenario: string;
  readonly workload: Workload;
  readonly nodes: number;
  readonly scheduler: RunResult;
  readonly floor: RunResult;
  /** Scheduler pods/s over floor pods/s. */
  readonly ratio: number;
}

const logger = createLogger({ component: "bench-scheduler", level: process.env.CAPSTAN_BENCH_LOG ?? "warn" });

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function chosenScenarios(): Scenario[] {
  const scale = Number(flag("scale") ?? "1");
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${flag("scale")}`);
  const sized = SCENARIOS.map((s) => ({
    ...s,
    nodes: Math.max(3, Math.round(s.nodes * scale)),
    pods: Math.max(3, Math.round(s.pods * scale)),
  }));
  const only = flag("only")?.split(",");
  const id = (s: Scenario) => `${s.workload}-${s.nodes}x${s.pods}`;
  const chosen = only ? sized.filter((s) => only.includes(id(s))) : sized;
  if (chosen.length === 0) throw new Error(`--only matched nothing; scenarios: ${sized.map(id).join(", ")}`);
  return chosen;
}

async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), "capstan-bench-scheduler-"));
  const apiserver = await startApiServerProcess({ dataDir: dir });
  const nodeTransport = createGrpcTransport({ address: apiserver.grpcAddress });
  const benchTransport = createGrpcTransport({ address: apiserver.grpcAddress });
  const api = { restUrl: apiserver.url, grpcAddress: apiserver.grpcAddress };
  try {
    const registering = performance.now();
    const nodes = await startBenchNodes(nodeTransport, scenario.nodes, logger);
    const label = `${scenario.name} ${scenario.nodes} nodes / ${scenario.pods} pods`;
    process.stdout.write(
      `${label}: ${scenario.nodes} hollow nodes registered in ${((performance.now() - registering) / 1000).toFixed(1)} s\n`,
    );
    try {
      const scheduler = await startSchedulerProcess("scheduler", api, ["--no-leader-elect"]);
      const pid = scheduler.process.child.pid ?? 0;
      const placer = { kind: "scheduler", schedulerName: "default-scheduler", pid } as const;
      let result: RunResult;
      try {
        await runPods(benchTransport, "warmup", "basic", 1, placer);
        result = await runPods(benchTransport, "bench", scenario.workload, scenario.pods, placer);
      } finally {
        await scheduler.process.stop();
      }
      line(`${label} scheduler`, result);
      const floor = await runPods(benchTransport, "bench-floor", scenario.workload, scenario.pods, {
        kind: "direct-bind",
        restUrl: apiserver.url,
        nodeNames: nodes.names,
      });
      line(`${label} floor (binds, no scheduling)`, floor);
      return {
        scenario: scenario.name,
        workload: scenario.workload,
        nodes: scenario.nodes,
        scheduler: result,
        floor,
        ratio: result.podsPerSec / floor.podsPerSec,
      };
    } finally {
      await nodes.stop();
    }
  } finally {
    nodeTransport.close();
    benchTransport.close();
    await apiserver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(label: string, r: RunResult) {
  const rss =
    r.schedulerPeakRssMiB === undefined ? "" : `  scheduler RSS ${r.schedulerPeakRssMiB.toFixed(0)} MiB`;
  const missing = r.bound < r.pods ? `  (only ${r.bound}/${r.pods} bound)` : "";
  process.stdout.write(
    `  ${label}: ${r.podsPerSec.toFixed(0)} pods/s  p50 ${r.p50Ms.toFixed(0)} ms  p99 ${r.p99Ms.toFixed(0)} ms${rss}${missing}\n`,
  );
}

function report(results: readonly ScenarioResult[]): string {
  const header = `${"scenario".padEnd(24)} ${"nodes".padStart(6)} ${"pods".padStart(6)} ${"pods/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"RSS MiB".padStart(8)} ${"floor pods/s".padStart(13)} ${"vs floor".padStart(9)}`;
  const rows = results.map((r) =>
    [
      r.scenario.padEnd(24),
      String(r.nodes).padStart(6),
      `${r.scheduler.bound}${r.scheduler.bound < r.scheduler.pods ? "!" : ""}`.padStart(6),
      r.scheduler.podsPerSec.toFixed(0).padStart(7),
      r.scheduler.p50Ms.toFixed(0).padStart(7),
      r.scheduler.p99Ms.toFixed(0).padStart(7),
      (r.scheduler.schedulerPeakRssMiB ?? 0).toFixed(0).padStart(8),
      r.floor.podsPerSec.toFixed(0).padStart(13),
      `${r.ratio.toFixed(2)}x`.padStart(9),
    ].join(" "),
  );
  return [header, ...rows].join("\n");
}

function writeResults(results: readonly ScenarioResult[]): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scheduler-${new Date().toISOString().slice(0, 10)}.json`);
  const document = {
    date: new Date().toISOString(),
    command: `npm run bench:scheduler ${process.argv.slice(2).join(" ")}`.trim(),
    // Other work on the machine skews every figure: the load average at the end says how busy it was.
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      loadAverage: loadavg(),
    },
    settings: {
      apiserver: "child process, SQLite",
      scheduler: "apps/scheduler child process from sources (tsx), --no-leader-elect",
      nodes: "hollow nodes in the benchmark process, 60 s heartbeat, mark bound pods Running",
      createConcurrency: 32,
      measured: "first create sent → last bind seen by a gRPC watch; latency per pod create sent → bind seen",
      floor: "same pods created then bound by POST pods/binding from the benchmark, round robin over nodes",
    },
    results,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

const results: ScenarioResult[] = [];
for (const scenario of chosenScenarios()) results.push(await runScenario(scenario));
const load = loadavg()
  .map((value) => value.toFixed(1))
  .join(" ");
process.stdout.write(`\n${report(results)}\n\nload average ${load}; wrote ${writeResults(results)}\n`);
