import { readFileSync } from "node:fs";
import { NamespaceService, PodService } from "@capstan/api";
import { createGrpcClient, type GrpcTransport } from "@capstan/client";
import { startHollowNodes } from "@capstan/hollow-node";
import type { Logger } from "@capstan/runtime";
import { type Workload, workloadPod } from "./scheduler-workloads.js";
import { measure, summarise } from "./stats.js";

/** Pod creations in flight at once, as a burst of controllers would send them. */
const CREATE_CONCURRENCY = 32;
/** Give up waiting for binds after this long without progress. */
const STALL_TIMEOUT_MS = 60_000;

/** Who places the pods of a run. */
export type Placer =
  | { readonly kind: "scheduler"; readonly schedulerName: string; readonly pid: number }
  /** The floor: this process POSTs each pod's binding right after creating it (no scheduling decision). */
  | { readonly kind: "direct-bind"; readonly restUrl: string; readonly nodeNames: readonly string[] };

/** Timings of one run: when each pod's create was sent and when the watch first showed it bound. */
export interface RunResult {
  readonly pods: number;
  readonly bound: number;
  readonly seconds: number;
  readonly podsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Peak resident memory of the scheduler process during the run, in MiB (scheduler runs only). */
  readonly schedulerPeakRssMiB?: number;
}

/** Starts `count` hollow nodes (long heartbeat interval: the benchmark measures scheduling, not leases). */
export function startBenchNodes(transport: GrpcTransport, count: number, logger: Logger) {
  return startHollowNodes({
    transport,
    count,
    namePrefix: "node-",
    capacity: { cpu: "32", memory: "256Gi", pods: 110 },
    zones: ["zone-a", "zone-b", "zone-c"],
    heartbeatIntervalMs: 60_000,
    concurrency: 64,
    logger,
  });
}

/** Resident set size of a process in MiB, from /proc (0 when it is gone). */
export function rssMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Creates `pods` pods of `workload` in a fresh namespace and times creation → bind as a watch sees it. The
 * clock starts when the first create is sent and stops at the last bind.
 */
export async function runPods(
  transport: GrpcTransport,
  namespace: string,
  workload: Workload,
  pods: number,
  placer: Placer,
): Promise<RunResult> {
  const client = createGrpcClient(PodService, transport);
  await createGrpcClient(NamespaceService, transport).create({ metadata: { name: namespace } });
  const sentAt = new Map<string, number>();
  const boundAt = new Map<string, number>();
  const watching = new AbortController();
  let lastProgress = performance.now();
  let allBound: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allBound = resolve;
  });
  const watch = (async () => {
    for await (const event of client.watch({ namespace }, { signal: watching.signal })) {
      const name = event.object?.metadata?.name ?? "";
      if (!event.object?.spec?.nodeName || boundAt.has(name)) continue;
      boundAt.set(name, performance.now());
      lastProgress = performance.now();
      if (boundAt.size === pods) allBound();
    }
  })();
  watch.catch(() => {});
  const schedulerName = placer.kind === "scheduler" ? placer.schedulerName : "bench-direct-bind";
  let peakRss = 0;
  const sampler =
    placer.kind === "scheduler"
      ? setInterval(() => {
          peakRss = Math.max(peakRss, rssMiB(placer.pid));
        }, 250)
      : undefined;
  const started = performance.now();
  try {
    await measure(pods, CREATE_CONCURRENCY, async (index) => {
      const name = `pod-${index}`;
      sentAt.set(name, performance.now());
      await client.create(workloadPod(workload, namespace, name, schedulerName));
      if (placer.kind === "direct-bind") await bind(placer, namespace, name, index);
      lastProgress = performance.now();
    });
    await Promise.race([done, stalled(() => lastProgress, watching.signal)]);
  } finally {
    if (sampler) clearInterval(sampler);
    watching.abort();
  }
  const latenciesMs = [...boundAt].map(([name, at]) => at - (sentAt.get(name) ?? at));
  const summary = summarise([{ latenciesMs, wallMs: Math.max(...boundAt.values()) - started }]);
  return {
    pods,
    bound: boundAt.size,
    seconds: summary.seconds,
    podsPerSec: summary.opsPerSec,
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    ...(placer.kind === "scheduler" ? { schedulerPeakRssMiB: peakRss } : {}),
  };
}

async function bind(
  placer: Extract<Placer, { kind: "direct-bind" }>,
  namespace: string,
  name: string,
  index: number,
) {
  const node = placer.nodeNames[index % placer.nodeNames.length];
  const response = await fetch(`${placer.restUrl}/api/v1/namespaces/${namespace}/pods/${name}/binding`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name, namespace },
      target: { apiVersion: "v1", kind: "Node", name: node },
    }),
  });
  if (response.status !== 201)
    throw new Error(`binding ${name}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** Resolves once nothing progressed for STALL_TIMEOUT_MS (the run then reports what did bind), or on abort. */
async function stalled(lastProgress: () => number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const idle = performance.now() - lastProgress();
    if (idle >= STALL_TIMEOUT_MS) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, STALL_TIMEOUT_MS - idle)));
  }
}
