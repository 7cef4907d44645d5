import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@capstan/testing";

/** The real kubectl (the GKE dispatcher, which runs kubectl 1.32 for a server reporting minor 32). */
const KUBECTL = process.env.CAPSTAN_KUBECTL ?? "/usr/bin/kubectl";

/** What one kubectl run printed and how it exited. */
export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to kubectl's stdin (e.g. a manifest for `-f -`). */
  readonly input?: string;
  /** Extra environment (e.g. KUBE_EDITOR). */
  readonly env?: Record<string, string>;
  /** Kill kubectl after this long, so a hang fails the test instead of stalling it. Default 20 s. */
  readonly timeoutMs?: number;
}

/** A kubectl left running (e.g. `get -w`), read while it runs. */
export interface RunningKubectl {
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** Waits until stdout satisfies `check`; the error says what was printed. */
  waitForOutput(check: (stdout: string) => boolean, description: string, timeoutMs?: number): Promise<void>;
  /** True until kubectl has exited. */
  readonly running: boolean;
  /** Resolves with kubectl's output once it exits by itself; rejects if it still runs after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<KubectlResult>;
  /** Interrupts kubectl (SIGINT) and resolves with its output once it has exited. */
  stop(): Promise<KubectlResult>;
}

/** kubectl pointed at one server, with its own HOME, kubeconfig and caches (nothing leaks between runs). */
export interface Kubectl {
  /** The scratch directory: manifests and editor scripts go here. */
  readonly dir: string;
  run(args: readonly string[], options?: RunOptions): Promise<KubectlResult>;
  /** Runs kubectl and returns stdout; throws with stderr unless it exits 0. */
  ok(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Runs kubectl and returns stderr; throws unless it exits non-zero. */
  fails(args: readonly string[], options?: RunOptions): Promise<string>;
  start(args: readonly string[], options?: Omit<RunOptions, "input" | "timeoutMs">): RunningKubectl;
  /** Writes a file into the scratch directory and returns its path. */
  file(name: string, content: string, mode?: number): Promise<string>;
  /** Deletes the scratch directory. */
  dispose(): Promise<void>;
}

/** Prepares a kubectl for `serverUrl` in a fresh temporary HOME. */
export async function createKubectl(serverUrl: string): Promise<Kubectl> {
  const dir = await mkdtemp(join(tmpdir(), "capstan-kubectl-"));
  const home = join(dir, "home");
  const cacheDir = join(dir, "cache");
  const kubeconfig = join(dir, "kubeconfig");
  await mkdir(home);
  await writeFile(kubeconfig, kubeconfigFor(serverUrl));
  const fixedArgs = [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`];
  const environment = (extra: Record<string, string> = {}) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...extra };
    delete env.KUBECONFIG;
    return env;
  };

  const spawnKubectl = (args: readonly string[], extraEnv?: Record<string, string>) =>
    spawn(KUBECTL, [...fixedArgs, ...args], { env: environment(extraEnv), stdio: ["pipe", "pipe", "pipe"] });

  const kubectl: Kubectl = {
    dir,
    run(args, options = {}) {
      const child = spawnKubectl(args, options.env);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      child.stdin.end(options.input ?? "");
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
      return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code, signal) => {
          clearTimeout(timer);
          if (signal === "SIGKILL") stderr += `\n(kubectl ${args.join(" ")} was killed after its timeout)`;
          resolve({ code, stdout, stderr });
        });
      });
    },
    async ok(args, options) {
      const result = await kubectl.run(args, options);
      if (result.code !== 0) {
        throw new Error(`kubectl ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`);
      }
      return result.stdout;
    },
    async fails(args, options) {
      const result = await kubectl.run(args, options);
      if (result.code === 0) throw new Error(`kubectl ${args.join(" ")} succeeded:\n${result.stdout}`);
      return result.stderr;
    },
    start(args, options = {}) {
      const child = spawnKubectl(args, options.env);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      child.stdin.end();
      let running = true;
      const exited = new Promise<KubectlResult>((resolve) =>
        child.once("close", (code) => {
          running = false;
          resolve({ code, stdout, stderr });
        }),
      );
      return {
        stdout: () => stdout,
        get running() {
          return running;
        },
        async exit(timeoutMs = 10_000) {
          await waitFor(() => !running, { timeoutMs, intervalMs: 20, description: "kubectl to exit" }).catch(
            (error: unknown) => {
              throw new Error(`${String(error)}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
            },
          );
          return exited;
        },
        async waitForOutput(check, description, timeoutMs = 10_000) {
          await waitFor(() => check(stdout), { timeoutMs, intervalMs: 20, description }).catch(
            (error: unknown) => {
              throw new Error(`${String(error)}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
            },
          );
        },
        async stop() {
          if (running) child.kill("SIGINT");
          return exited;
        },
      };
    },
    async file(name, content, mode = 0o644) {
      const path = join(dir, name);
      await writeFile(path, content, { mode });
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  return kubectl;
}

function kubeconfigFor(serverUrl: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: capstan",
    "  cluster:",
    `    server: ${serverUrl}`,
    "contexts:",
    "- name: capstan",
    "  context:",
    "    cluster: capstan",
    "    user: tester",
    "    namespace: default",
    "users:",
    "- name: tester",
    "  user: {}",
    "current-context: capstan",
    "",
  ].join("\n");
}
