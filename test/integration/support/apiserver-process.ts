import { fileURLToPath } from "node:url";
import { type ManagedProcess, startProcess, waitFor } from "@capstan/testing";

const MAIN = fileURLToPath(new URL("./apiserver-main.ts", import.meta.url));
const TEST_PACKAGE = fileURLToPath(new URL("../..", import.meta.url));

export interface ApiServerProcessOptions {
  /** The data directory holding the SQLite store. */
  readonly dataDir: string;
  /** NATS URL for the change feed. */
  readonly nats?: string;
}

/** An apiserver running in a child process (see apiserver-main.ts). */
export interface ApiServerProcess {
  readonly url: string;
  /** `host:port` of the gRPC API. */
  readonly grpcAddress: string;
  readonly child: ManagedProcess;
  /** SIGTERM; resolves with the exit code once it has stopped. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash); resolves once it has exited. */
  kill(): Promise<void>;
}

function launch(options: ApiServerProcessOptions): ManagedProcess {
  const args = ["--conditions=development", "--import", "tsx", MAIN, "--data-dir", options.dataDir];
  if (options.nats) args.push("--nats", options.nats);
  return startProcess({ name: "apiserver", command: process.execPath, args, cwd: TEST_PACKAGE });
}

const exited = (child: ManagedProcess) => child.child.exitCode !== null || child.child.signalCode !== null;

/** Starts the apiserver process; resolves once it serves, rejects (with its output) if it exits first. */
export async function startApiServerProcess(options: ApiServerProcessOptions): Promise<ApiServerProcess> {
  const child = launch(options);
  const [, url = "", grpcAddress = ""] = await waitFor(
    () => {
      if (exited(child)) throw new Error("exited");
      return /^READY (\S+) (\S+)$/m.exec(child.output()) ?? undefined;
    },
    { timeoutMs: 30_000, intervalMs: 25, description: "the apiserver process to serve" },
  ).catch(async (error: unknown) => {
    await child.kill();
    throw new Error(`${String(error)}\n${child.output()}`);
  });
  return {
    url,
    grpcAddress,
    child,
    async stop() {
      await child.stop(10_000);
      return child.child.exitCode;
    },
    kill: () => child.kill(),
  };
}

/** Starts the apiserver process expecting it to fail at start; resolves with its exit code and output. */
export async function failedApiServerProcess(
  options: ApiServerProcessOptions,
): Promise<{ code: number | null; output: string }> {
  const child = launch(options);
  await waitFor(() => exited(child) || /^READY /m.test(child.output()), {
    timeoutMs: 30_000,
    intervalMs: 25,
    description: "the second apiserver process to exit",
  });
  await child.stop(5_000);
  return { code: child.child.exitCode, output: child.output() };
}
