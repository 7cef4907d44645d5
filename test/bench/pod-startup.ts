/**
 * Pod startup benchmark: the time from creating a pod (bound to the node) to seeing it Running through a
 * watch, for one pod at a time and for a burst of 30, with a real kubelet on the local Docker Engine; and in
 * the same run the same containers (sandbox + app, same concurrency) started straight with dockerode, so the
 * kubelet's overhead shows as a ratio to raw Docker. Kubernetes' SLO: p99 <= 5 s excluding image pulls.
 * Run: npm run bench:pod-startup (from the repository root).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Pod, PodService } from "@capstan/api";
import { createGrpcClient, createGrpcTransport } from "@capstan/client";
import {
  createDockerRuntime,
  createKubeletComponent,
  ensureSandboxImage,
  kubeletConfig,
  LABEL,
} from "@capstan/kubelet";
import { createLogger, loadConfig } from "@capstan/runtime";
import { ensureTestImage, removeLabelledContainers, waitFor } from "@capstan/testing";
import Docker from "dockerode";
import { startApiServerProcess } from "../integration/support/apiserver-process.js";
import { removeRawPods, startRawPod } from "./pod-startup-raw.js";
import { measure, type Samples, summarise } from "./stats.js";

/** Pods in flight at once, for the kubelet (its pod workers) and for raw Docker alike. */
const CONCURRENCY = 10;
const SINGLE_RUNS = 5;
const BURST = 30;
const ROUNDS = 2;

const runId = randomUUID().slice(0, 8);
const nodeName = `bench-${runId}`;
const logger = createLogger({ component: "bench", level: process.env.CAPSTAN_BENCH_LOG ?? "silent" });

async function main() {
  const image = await ensureTestImage();
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const sandboxImage = await ensureSandboxImage(createDockerRuntime());
  const dataDir = mkdtempSync(join(tmpdir(), "capstan-bench-pods-"));
  const api = await startApiServerProcess({ dataDir });
  const transport = createGrpcTransport({ address: api.grpcAddress });
  const pods = createGrpcClient(PodService, transport);
  const loaded = loadConfig(kubeletConfig, {
    argv: [
      `--root-dir=${join(tmpdir(), `capstan-kubelet-${nodeName}`)}`,
      `--node-name=${nodeName}`,
      "--kubelet-port=0",
      `--apiserver-url=${api.url}`,
      `--apiserver-grpc=${api.grpcAddress}`,
      `--pod-workers=${CONCURRENCY}`,
    ],
    env: {},
  });
  if (loaded.help) throw new Error("unexpected --help");
  const kubelet = createKubeletComponent(loaded.values, logger);
  const stopKubelet = new AbortController();
  const kubeletRunning = kubelet.start(stopKubelet.signal);
  kubeletRunning.catch((error: unknown) => console.error("kubelet failed", error));
  await kubelet.listening();

  // One watch sees every pod of the node reach Running.
  const runningAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const stopWatch = new AbortController();
  const watching = (async () => {
    for await (const event of pods.watch(
      { namespace: "default", fieldSelector: `spec.nodeName=${nodeName}` },
      { signal: stopWatch.signal },
    )) {
      const name = event.object?.metadata?.name ?? "";
      if (event.object?.status?.phase === "Running" && !runningAt.has(name)) {
        runningAt.set(name, performance.now());
        waiters.get(name)?.();
      }
    }
  })().catch(() => undefined);

  const podRunning = (name: string) =>
    new Promise<void>((resolve) => {
      if (runningAt.has(name)) resolve();
      else waiters.set(name, resolve);
    });
  const createPod = async (name: string) => {
    const running = podRunning(name);
    await pods.create({
      metadata: { name, namespace: "default" },
      spec: {
        nodeName,
        terminationGracePeriodSeconds: 1n,
        containers: [
          {
            name: "app",
            image,
            imagePullPolicy: "Never",
            command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
          },
        ],
      },
    } as unknown as Pod);
    await running;
  };
  const clearKubeletPods = async () => {
    const listed = await pods.list({ namespace: "default" });
    await Promise.all(
      listed.items.map((pod) => pods.delete({ namespace: "default", name: pod.metadata?.name ?? "" })),
    );
    await waitFor(async () => (await pods.list({ namespace: "default" })).items.length === 0, {
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    runningAt.clear();
  };

  const samples: Record<string, Samples[]> = {
    "kubelet x1": [],
    "raw x1": [],
    [`kubelet x${BURST}`]: [],
    [`raw x${BURST}`]: [],
  };
  let serial = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      samples["kubelet x1"]?.push(await measure(SINGLE_RUNS, 1, () => createPod(`single-${serial++}`)));
      await clearKubeletPods();
      samples["raw x1"]?.push(
        await measure(SINGLE_RUNS, 1, (i) =>
          startRawPod(docker, runId, serial * 100 + i, image, sandboxImage),
        ),
      );
      await removeRawPods(docker, runId);
      // A burst: all created at once; each pod's latency counts from the burst's start (queueing included).
      samples[`kubelet x${BURST}`]?.push(await burst(BURST, (i) => createPod(`burst-${round}-${i}`)));
      await clearKubeletPods();
      samples[`raw x${BURST}`]?.push(
        await burst(BURST, async (i) => {
          await slot();
          try {
            await startRawPod(docker, runId, round * 1000 + i, image, sandboxImage);
          } finally {
            release();
          }
        }),
      );
      await removeRawPods(docker, runId);
      for (const [name, runs] of Object.entries(samples)) {
        const last = runs.at(-1);
        if (last)
          console.log(
            `round ${round} ${name.padEnd(12)} p50 ${summarise([last]).p50Ms.toFixed(0)} ms  p99 ${summarise([last]).p99Ms.toFixed(0)} ms`,
          );
      }
    }
  } finally {
    stopWatch.abort();
    await watching;
    stopKubelet.abort();
    await kubeletRunning.catch(() => undefined);
    await removeLabelledContainers(`${LABEL.node}=${nodeName}`);
    await removeRawPods(docker, runId);
    transport.close();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  report(samples);
}

/** Limits raw Docker to the kubelet's pod workers: at most CONCURRENCY pods being started at once. */
let inFlight = 0;
const queued: (() => void)[] = [];
function slot(): Promise<void> {
  if (inFlight < CONCURRENCY) {
    inFlight++;
    return Promise.resolve();
  }
  return new Promise((resolve) => queued.push(resolve));
}
function release(): void {
  const next = queued.shift();
  if (next) next();
  else inFlight--;
}

/** Starts `count` operations at once; each latency is from the common start to its end. */
async function burst(count: number, operation: (index: number) => Promise<void>): Promise<Samples> {
  const started = performance.now();
  const latenciesMs = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await operation(i);
      return performance.now() - started;
    }),
  );
  return { latenciesMs, wallMs: performance.now() - started };
}

function report(samples: Record<string, Samples[]>) {
  const summaries = Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => [name, summarise(runs)]),
  );
  const ratio = (kind: string, field: "p50Ms" | "p99Ms") => {
    const kubelet = summaries[`kubelet ${kind}`]?.[field] ?? Number.NaN;
    const raw = summaries[`raw ${kind}`]?.[field] ?? Number.NaN;
    return kubelet / raw;
  };
  const ratios = {
    x1: { p50: ratio("x1", "p50Ms"), p99: ratio("x1", "p99Ms") },
    [`x${BURST}`]: { p50: ratio(`x${BURST}`, "p50Ms"), p99: ratio(`x${BURST}`, "p99Ms") },
  };
  console.log("\ncase          pods   p50 ms   p99 ms");
  for (const [name, s] of Object.entries(summaries)) {
    console.log(
      `${name.padEnd(13)} ${String(s.ops).padStart(4)} ${s.p50Ms.toFixed(0).padStart(8)} ${s.p99Ms.toFixed(0).padStart(8)}`,
    );
  }
  for (const [kind, r] of Object.entries(ratios)) {
    console.log(`kubelet / raw Docker ${kind}: p50 ${r.p50.toFixed(2)}x  p99 ${r.p99.toFixed(2)}x`);
  }
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pod-startup-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        command: "npm run bench:pod-startup",
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
        settings: {
          concurrency: CONCURRENCY,
          singleRuns: SINGLE_RUNS,
          burst: BURST,
          rounds: ROUNDS,
          apiserver: "child process, SQLite",
          kubelet: "in-process, real Docker",
        },
        summaries,
        ratios,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nresults: ${file}`);
}

await main();
