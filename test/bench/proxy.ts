/**
 * Proxy benchmark: HTTP requests per second and p50/p99 latency through a NodePort of the Capstan proxy
 * against the same backends reached directly, in the same run, with keep-alive connections and with a new
 * connection per request. The backends (three small Node HTTP servers on one event loop) run in their own
 * process; the proxy runs in this one beside an idle apiserver; Debian's wrk drives the load (installed by
 * apt-get when missing). Everything is on 127.0.0.1.
 * Run: npm run bench:proxy (from the repository root).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { freePort, startProcess, waitFor } from "@capstan/testing";
import { startProxy } from "../integration/proxy-fixture.js";
import { startApiServer } from "../integration/support/api-server.js";
import { requestJson } from "../integration/support/http.js";
import { ensureWrk, runWrk, type WrkResult } from "./proxy-wrk.js";

const SECONDS = Number(process.env.CAPSTAN_BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;
/** Each case runs on each target in turn this many times, so a load change on the machine hits both alike. */
const ROUNDS = 2;
const BACKENDS = 3;

interface CaseResult {
  readonly mode: "keep-alive" | "new-connection";
  readonly target: "direct" | "proxy";
  readonly runs: WrkResult[];
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function combine(mode: CaseResult["mode"], target: CaseResult["target"], runs: WrkResult[]): CaseResult {
  return {
    mode,
    target,
    runs,
    requestsPerSecond: Math.round(mean(runs.map((run) => run.requestsPerSecond))),
    p50Ms: Number(mean(runs.map((run) => run.p50Ms)).toFixed(3)),
    p99Ms: Number(mean(runs.map((run) => run.p99Ms)).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const wrk = ensureWrk();
  const ports = await Promise.all(Array.from({ length: BACKENDS }, () => freePort()));
  const backends = startProcess({
    name: "backends",
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      fileURLToPath(new URL("./proxy-backends.ts", import.meta.url)),
      ...ports.map(String),
    ],
    cwd: fileURLToPath(new URL("..", import.meta.url)),
  });
  const api = await startApiServer();
  try {
    await waitFor(() => backends.output().includes("READY"), {
      timeoutMs: 20_000,
      description: "the backends",
    });
    const created = await requestJson(api.url, "POST", "/api/v1/namespaces/default/services", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "bench" },
      spec: { type: "NodePort", ports: [{ port: 80, targetPort: ports[0] }] },
    });
    const nodePort =
      (created.body as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]?.nodePort ?? 0;
    await requestJson(api.url, "POST", "/api/v1/namespaces/default/endpoints", {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "bench" },
      subsets: ports.map((port) => ({
        addresses: [{ ip: "127.0.0.1" }],
        ports: [{ port, protocol: "TCP" }],
      })),
    });
    const proxy = await startProxy({ apiserverGrpc: api.grpcAddress, clusterDns: [] });
    try {
      await waitFor(() => proxy.component.proxier.listening.length > 0, { description: "the node port" });
      const results: CaseResult[] = [];
      for (const mode of ["keep-alive", "new-connection"] as const) {
        const runs: Record<CaseResult["target"], WrkResult[]> = { direct: [], proxy: [] };
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of ["direct", "proxy"] as const) {
            const port = target === "direct" ? ports[0] : nodePort;
            runs[target].push(
              await runWrk(wrk, `http://127.0.0.1:${port}/`, {
                connections: CONNECTIONS,
                seconds: SECONDS,
                newConnections: mode === "new-connection",
              }),
            );
          }
        }
        results.push(combine(mode, "direct", runs.direct), combine(mode, "proxy", runs.proxy));
      }
      report(results);
    } finally {
      await proxy.stop();
    }
  } finally {
    await api.stop();
    await backends.stop();
  }
}

function report(results: CaseResult[]): void {
  const lines = ["mode            target   req/s      p50 ms   p99 ms   ratio"];
  const ratios: Record<string, number> = {};
  for (const result of results) {
    const direct = results.find((other) => other.mode === result.mode && other.target === "direct");
    const ratio = direct ? result.requestsPerSecond / direct.requestsPerSecond : 1;
    if (result.target === "proxy") ratios[result.mode] = Number(ratio.toFixed(3));
    lines.push(
      `${result.mode.padEnd(15)} ${result.target.padEnd(8)} ${String(result.requestsPerSecond).padStart(8)} ${result.p50Ms
        .toFixed(2)
        .padStart(8)} ${result.p99Ms.toFixed(2).padStart(8)}   ${ratio.toFixed(2)}`,
    );
  }
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}proxy-${new Date().toISOString().slice(0, 10)}.json`;
  const document = {
    benchmark: "proxy",
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "", node: process.version },
    settings: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      backends: BACKENDS,
      loadGenerator: "wrk -t1",
    },
    ratios,
    results,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(
    `\nProxy benchmark (${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds, ${BACKENDS} backends)\n`,
  );
  console.log(lines.join("\n"));
  console.log(
    `\nthrough the proxy / direct: keep-alive ${ratios["keep-alive"]}, new connection ${ratios["new-connection"]}`,
  );
  console.log(`wrote ${file}`);
}

await main();
