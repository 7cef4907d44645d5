import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, type ManagedProcess, startProcess, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = new URL("../src/main.ts", import.meta.url).pathname;

/** `capstan up` as a user runs it: its own process, the embedded store, a kubeconfig for the real kubectl. */
describe.sequential("capstan up", () => {
  let dir: string;
  let up: ManagedProcess;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "capstan-up-"));
    kubeconfig = join(dir, "data", "kubeconfig");
    const [apiPort, grpcPort] = [await freePort(), await freePort()];
    up = startProcess({
      name: "capstan",
      command: process.execPath,
      args: ["--conditions=development", "--import", "tsx", main, "up", "--data-dir", join(dir, "data")],
      env: { CAPSTAN_API_PORT: String(apiPort), CAPSTAN_GRPC_PORT: String(grpcPort) },
    });
    await waitFor(() => up.output().includes("capstan is ready"), {
      timeoutMs: 60_000,
      description: `capstan to say it is ready (output: ${up.output()})`,
    });
  });

  afterAll(async () => {
    await up?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("says how to use the cluster once it is ready", () => {
    expect(up.output()).toContain("capstan is ready");
    expect(up.output()).toContain("kubectl get namespaces");
  });

  it("serves the real kubectl with the kubeconfig it wrote", async () => {
    const kubectl = (...args: string[]) =>
      run("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kube-cache"), ...args], {
        env: { ...process.env, HOME: dir },
      });
    const { stdout } = await kubectl("get", "ns", "-o", "name");
    expect(stdout.split("\n")).toEqual(
      expect.arrayContaining(["namespace/default", "namespace/kube-system"]),
    );
    const manifest = join(dir, "settings.yaml");
    await writeFile(
      manifest,
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n",
    );
    await kubectl("create", "-f", manifest);
    const configmap = await kubectl("get", "configmap", "settings", "-o", "jsonpath={.data.mode}");
    expect(configmap.stdout).toBe("fast");
  });

  it("stops cleanly on SIGTERM and keeps what was written", async () => {
    await up.stop();
    expect(up.child.exitCode).toBe(0);
    expect(up.output()).not.toContain('"level":"error"');
    const log = await readFile(join(dir, "data", "capstan.log"), "utf8");
    expect(log).toContain('"msg":"stopped"');
    await stat(join(dir, "data", "state.db"));
  });
});

describe("the capstan command", () => {
  it("lists its commands for an unknown one and exits 2", async () => {
    const failed = await run(process.execPath, [
      "--conditions=development",
      "--import",
      "tsx",
      main,
      "launch",
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect("stderr" in failed && failed.stderr).toContain('capstan: unknown command "launch"');
    expect("stderr" in failed && failed.stderr).toContain(
      "up, apiserver, controller-manager, kubelet, proxy",
    );
  });
});

describe("capstan up with a bad flag", () => {
  it("names the unknown component in one line and exits 2", async () => {
    const failed = await run(process.execPath, [
      "--conditions=development",
      "--import",
      "tsx",
      main,
      "up",
      "--disable",
      "kubeproxy",
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect("stderr" in failed && failed.stderr.trim()).toMatch(
      /^capstan: unknown component "kubeproxy" \(known: /,
    );
  });
});
