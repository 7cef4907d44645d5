/** Timings of one operation: each call's latency and the wall time they took together. */
export interface Samples {
  latenciesMs: number[];
  wallMs: number;
}

/** Samples of one operation, summarised. */
export interface Summary {
  ops: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Summarises the samples of several runs of one operation as one. */
export function summarise(runs: Samples[]): Summary {
  const sorted = runs.flatMap((run) => run.latenciesMs).sort((a, b) => a - b);
  const seconds = runs.reduce((total, run) => total + run.wallMs, 0) / 1_000;
  return {
    ops: sorted.length,
    seconds,
    opsPerSec: sorted.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** Runs `operation(i)` for i in [0, count) with `concurrency` calls in flight, timing each call. */
export async function measure(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<unknown>,
): Promise<Samples> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = performance.now();
        await operation(index);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { latenciesMs, wallMs: performance.now() - started };
}
