/**
 * Controller benchmark: a Deployment of 1,000 replicas on 100 hollow nodes, with the apiserver, the
 * scheduler and the controller-manager each in its own process (as deployed): time until all are
 * available, a rolling update of all of them, a scale to 0; then node failure with the fast-failover
 * settings: time from a node going silent to its pods Running elsewhere.
 * Run: npm run bench:controllers (from the repository root); `--replicas=N --nodes=N` for a smaller run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DeploymentService, PodService } from "@capstan/api";
import { createGrpcClient, createGrpcTransport, type GrpcTransport } from "@capstan/client";
import { startHollowNodes } from "@capstan/hollow-node";
import { createLogger } from "@capstan/runtime";
import { waitFor } from "@capstan/testing";
import { startApiServerProcess } from "../integration/support/apiserver-process.js";
import { startSchedulerProcess } from "../src/scheduler-process.js";
import { startControllerManagerProcess } from "./controllers-process.js";

const logger = createLogger({
  component: "bench-controllers",
  level: process.env.CAPSTAN_BENCH_LOG ?? "warn",
});
const NAMESPACE = "default";
/** Fast failover (see docs): nodes renew every second, unreachable after 4 s, pods tolerate it 2 s. */
const FAST_FAILOVER_FLAGS = ["--node-monitor-grace-period=4s", "--node-monitor-period=500ms"];
const TOLERATION_SECONDS = 2n;
const FAILOVER_REPLICAS = 100;
/** Longest wait for the failover phase; reported as NaN (not reached) past it. */
const FAILOVER_TIMEOUT_MS = 120_000;

function flag(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = Number(raw ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

const replicas = flag("replicas", 1_000);
const nodeCount = flag("nodes", 100);

function manifest(image: string) {
  const tolerations = ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"].map((key) => ({
    key,
    operator: "Exists",
    effect: "NoExecute",
    tolerationSeconds: TOLERATION_SECONDS,
  }));
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "bench", namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app: "bench" } },
      template: {
        metadata: { labels: { app: "bench" } },
        spec: { containers: [{ name: "app", image }], tolerations },
      },
    },
  };
}

/** Seconds from now until `done()` holds (polled every 100 ms, at most `timeoutMs`). */
async function timeUntil(
  done: () => Promise<boolean>,
  description: string,
  timeoutMs = 900_000,
): Promise<number> {
  const start = performance.now();
  await waitFor(done, { timeoutMs, intervalMs: 100, description });
  return (performance.now() - start) / 1000;
}

async function run(transport: GrpcTransport, nodes: Awaited<ReturnType<typeof startHollowNodes>>) {
  const deployments = createGrpcClient(DeploymentService, transport);
  const pods = createGrpcClient(PodService, transport);
  const status = async () => (await deployments.get({ namespace: NAMESPACE, name: "bench" })).status;
  const settled = (want: number) => async () => {
    const current = await deployments.get({ namespace: NAMESPACE, name: "bench" });
    const s = current.status;
    return (
      (s?.observedGeneration ?? 0n) >= (current.metadata?.generation ?? 0n) &&
      s?.replicas === want &&
      s.updatedReplicas === want &&
      s.availableReplicas === want
    );
  };
  const results: Record<string, number> = {};
  const report = (name: string, seconds: number) => {
    results[name] = seconds;
    process.stdout.write(`  ${name.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s\n`);
  };

  const start = performance.now();
  await deployments.create(manifest("busybox:1"));
  await timeUntil(settled(replicas), `${replicas} available`);
  report(`create: ${replicas} available`, (performance.now() - start) / 1000);

  const update = await deployments.get({ namespace: NAMESPACE, name: "bench" });
  const container = update.spec?.template?.spec?.containers[0];
  if (container) container.image = "busybox:2";
  await deployments.update(update);
  report("rolling update: all replaced", await timeUntil(settled(replicas), "the rolling update"));

  const scaled = await deployments.get({ namespace: NAMESPACE, name: "bench" });
  if (scaled.spec) scaled.spec.replicas = 0;
  await deployments.update(scaled);
  report(
    "scale to 0: no pods left",
    await timeUntil(
      async () =>
        (await status())?.replicas === 0 && (await pods.list({ namespace: NAMESPACE })).items.length === 0,
      "scale to 0",
    ),
  );

  const again = await deployments.get({ namespace: NAMESPACE, name: "bench" });
  if (again.spec) again.spec.replicas = FAILOVER_REPLICAS;
  await deployments.update(again);
  await timeUntil(settled(FAILOVER_REPLICAS), `${FAILOVER_REPLICAS} available again`);
  const running = (await pods.list({ namespace: NAMESPACE })).items;
  const victim = running[0]?.spec?.nodeName ?? "";
  const onVictim = running.filter((pod) => pod.spec?.nodeName === victim).length;
  await nodes.stop(victim);
  // Bounded: without the node lifecycle controller's eviction the pods never move, and that is a result.
  const failover = await timeUntil(
    async () => {
      const items = (await pods.list({ namespace: NAMESPACE })).items;
      const elsewhere = items.filter(
        (pod) =>
          pod.spec?.nodeName !== victim &&
          pod.metadata?.deletionTimestamp === undefined &&
          pod.status?.phase === "Running",
      );
      return elsewhere.length >= FAILOVER_REPLICAS;
    },
    "pods of the silent node running elsewhere",
    FAILOVER_TIMEOUT_MS,
  ).catch(() => Number.NaN);
  report(`node failure: ${onVictim} pods Running elsewhere`, failover);
  return { results, victimPods: onVictim };
}

function writeResults(results: Record<string, number>, victimPods: number): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `controllers-${new Date().toISOString().slice(0, 10)}.json`);
  const document = {
    date: new Date().toISOString(),
    command: `npm run bench:controllers${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadavg: loadavg() },
    settings: {
      replicas,
      nodes: nodeCount,
      strategy: "RollingUpdate 25% / 25% (defaults)",
      processes:
        "apiserver (SQLite), scheduler and controller-manager each a child process from sources (tsx)",
      hollowNodes: "in the benchmark process, Lease renewed every 1 s, bound pods marked Running/Ready",
      failover: {
        flags: FAST_FAILOVER_FLAGS,
        tolerationSeconds: Number(TOLERATION_SECONDS),
        replicas: FAILOVER_REPLICAS,
      },
      measured: "wall time from the write to the condition, polled every 100 ms over gRPC",
    },
    results,
    victimPods,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

const dir = mkdtempSync(join(tmpdir(), "capstan-bench-controllers-"));
const apiserver = await startApiServerProcess({ dataDir: join(dir, "apiserver") });
const transport = createGrpcTransport({ address: apiserver.grpcAddress });
const api = { restUrl: apiserver.url, grpcAddress: apiserver.grpcAddress };
const scheduler = await startSchedulerProcess("scheduler", api, ["--no-leader-elect"]);
const manager = await startControllerManagerProcess(apiserver.grpcAddress, [
  "--no-leader-elect",
  ...FAST_FAILOVER_FLAGS,
]);
const nodes = await startHollowNodes({
  transport,
  count: nodeCount,
  namePrefix: "node-",
  capacity: { cpu: "32", memory: "256Gi", pods: 110 },
  heartbeatIntervalMs: 1_000,
  concurrency: 64,
  logger,
});
try {
  process.stdout.write(`controllers: ${replicas} replicas on ${nodeCount} hollow nodes\n`);
  const { results, victimPods } = await run(transport, nodes);
  process.stdout.write(`\nwrote ${writeResults(results, victimPods)}\n`);
} finally {
  await nodes.stop();
  await manager.stop();
  await scheduler.process.stop();
  transport.close();
  await apiserver.stop();
  rmSync(dir, { recursive: true, force: true });
}
