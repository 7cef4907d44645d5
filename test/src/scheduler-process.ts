import { fileURLToPath } from "node:url";
import { freePort, type ManagedProcess, startProcess, waitForPort } from "@capstan/testing";

/** The repository root (this file is test/src/scheduler-process.ts). */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The scheduler app (`apps/scheduler`) running as its own process, as it is deployed. */
export interface SchedulerProcess {
  readonly process: ManagedProcess;
  /** `http://127.0.0.1:<port>` of its /healthz, /readyz and /metrics. */
  readonly healthUrl: string;
  /** True while its /metrics says it leads (leader_election_master_status 1). */
  isLeader(): Promise<boolean>;
  /** Resident set size of the process in bytes, from /metrics (Node's process metrics). */
  residentBytes(): Promise<number>;
}

/** Starts `apps/scheduler/src/main.ts` from sources against an apiserver; resolves once its health port answers. */
export async function startSchedulerProcess(
  name: string,
  api: { restUrl: string; grpcAddress: string },
  flags: readonly string[] = [],
): Promise<SchedulerProcess> {
  const port = await freePort();
  const managed = startProcess({
    name,
    command: process.execPath,
    args: [
      "--conditions=development",
      "--import",
      "tsx",
      "apps/scheduler/src/main.ts",
      `--apiserver-url=${api.restUrl}`,
      `--apiserver-grpc=${api.grpcAddress}`,
      `--health-port=${port}`,
      ...flags,
    ],
    cwd: ROOT,
    env: { CAPSTAN_LOG_LEVEL: process.env.CAPSTAN_TEST_LOG ?? "warn" },
  });
  try {
    await waitForPort(port, "127.0.0.1", 30_000);
  } catch (error) {
    await managed.kill();
    throw new Error(`${name} did not serve its health port: ${String(error)}\n${managed.output()}`);
  }
  const healthUrl = `http://127.0.0.1:${port}`;
  const metric = async (pattern: RegExp) => {
    const text = await (await fetch(`${healthUrl}/metrics`)).text();
    return Number(pattern.exec(text)?.[1] ?? Number.NaN);
  };
  return {
    process: managed,
    healthUrl,
    isLeader: async () => (await metric(/^leader_election_master_status\{[^}]*\} (\d+)$/m)) === 1,
    residentBytes: () => metric(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)$/m),
  };
}
