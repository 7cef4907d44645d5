import { fileURLToPath } from "node:url";
import { freePort, type ManagedProcess, startProcess, waitForPort } from "@capstan/testing";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Starts `apps/controller-manager/src/main.ts` from sources; resolves once its health port answers. */
export async function startControllerManagerProcess(
  grpcAddress: string,
  flags: readonly string[],
): Promise<ManagedProcess> {
  const port = await freePort();
  const managed = startProcess({
    name: "controller-manager",
    command: process.execPath,
    args: [
      "--conditions=development",
      "--import",
      "tsx",
      "apps/controller-manager/src/main.ts",
      `--apiserver-grpc=${grpcAddress}`,
      `--health-port=${port}`,
      ...flags,
    ],
    cwd: ROOT,
    env: { CAPSTAN_LOG_LEVEL: process.env.CAPSTAN_BENCH_LOG ?? "warn" },
  });
  try {
    await waitForPort(port, "127.0.0.1", 60_000);
  } catch (error) {
    await managed.kill();
    throw new Error(`the controller-manager did not serve: ${String(error)}\n${managed.output()}`);
  }
  return managed;
}
