import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Whether a kubectl binary is on the PATH. */
export async function hasKubectl(): Promise<boolean> {
  try {
    await run("kubectl", ["version", "--client"], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** kubectl pointed at one server, with its own HOME, kubeconfig and cache (nothing of the user's). */
export interface Kubectl {
  /** Runs kubectl with `args`; resolves to its stdout, rejects with its stderr on failure. */
  (...args: string[]): Promise<string>;
  /** Removes the temporary HOME. */
  dispose(): void;
}

/** A kubectl whose kubeconfig targets `server` (plain HTTP on loopback), namespace "default". */
export function kubectlFor(server: string): Kubectl {
  const home = mkdtempSync(join(tmpdir(), "capstan-kubectl-"));
  const kubeconfig = join(home, "kubeconfig");
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "test", cluster: { server } }],
      users: [{ name: "test", user: {} }],
      contexts: [{ name: "test", context: { cluster: "test", user: "test", namespace: "default" } }],
      "current-context": "test",
    }),
  );
  const env = { PATH: process.env.PATH ?? "", HOME: home, KUBECONFIG: kubeconfig };
  const kubectl = async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await run("kubectl", ["--cache-dir", join(home, "cache"), ...args], {
        env,
        timeout: 60_000,
        encoding: "utf8",
      });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: unknown }).stderr;
      throw new Error(
        `kubectl ${args.join(" ")}: ${typeof stderr === "string" && stderr ? stderr : String(error)}`,
      );
    }
  };
  return Object.assign(kubectl, { dispose: () => rmSync(home, { recursive: true, force: true }) });
}
