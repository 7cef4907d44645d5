import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  docker,
  ensureTestImage,
  freePort,
  type ManagedProcess,
  removeLabelledContainers,
  startProcess,
  waitFor,
} from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = new URL("../src/main.ts", import.meta.url).pathname;

/** `capstan up` as a user runs it: its own process, the embedded store, a kubeconfig for the real kubectl. */
describe.sequential("capstan up", () => {
  let dir: string;
  let up: ManagedProcess;
  let kubeconfig: string;
  // A node name of its own, so the test finds (and cleans up) exactly the containers this cluster made.
  const nodeName = `capstan-up-test-${process.pid}`;
  const nodeLabel = `io.capstan.node=${nodeName}`;
  const kubectl = (...args: string[]) =>
    run("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kube-cache"), ...args], {
      env: { ...process.env, HOME: dir },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "capstan-up-"));
    kubeconfig = join(dir, "data", "kubeconfig");
    const [apiPort, grpcPort] = [await freePort(), await freePort()];
    up = startProcess({
      name: "capstan",
      command: process.execPath,
      args: [
        "--conditions=development",
        "--import",
        "tsx",
        main,
        "up",
        "--data-dir",
        join(dir, "data"),
        "--node-name",
        nodeName,
      ],
      env: { CAPSTAN_API_PORT: String(apiPort), CAPSTAN_GRPC_PORT: String(grpcPort) },
    });
    await waitFor(() => up.output().includes("capstan is ready"), {
      timeoutMs: 60_000,
      description: `capstan to say it is ready (output: ${up.output()})`,
    });
  });

  afterAll(async () => {
    await up?.stop();
    await removeLabelledContainers(nodeLabel);
    await rm(dir, { recursive: true, force: true });
  });

  it("says how to use the cluster once it is ready", () => {
    expect(up.output()).toContain("capstan is ready");
    expect(up.output()).toContain("kubectl get namespaces");
  });

  it("serves the real kubectl with the kubeconfig it wrote", async () => {
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

  it("runs a Deployment's pods on the local Docker Engine and removes them with it", async () => {
    const image = await ensureTestImage();
    const manifest = join(dir, "web.yaml");
    await writeFile(
      manifest,
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: web }",
        "spec:",
        "  replicas: 2",
        "  selector: { matchLabels: { app: web } }",
        "  template:",
        "    metadata: { labels: { app: web } }",
        "    spec:",
        "      terminationGracePeriodSeconds: 1",
        `      containers: [{ name: app, image: "${image}", command: [sleep, "3600"] }]`,
        "",
      ].join("\n"),
    );
    await kubectl("apply", "-f", manifest);
    const phases = async () =>
      (await kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.phase}")).stdout;
    await waitFor(async () => (await phases()) === "Running Running", {
      timeoutMs: 90_000,
      description: "both pods Running",
    });
    const nodes = await kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}");
    expect(nodes.stdout).toBe(`${nodeName} ${nodeName}`);
    const running = await docker(["ps", "-q", "--filter", `label=${nodeLabel}`]);
    // Each pod is a sandbox plus its app container.
    expect(running.trim().split("\n")).toHaveLength(4);

    await kubectl("delete", "deployment", "web");
    await waitFor(async () => (await phases()) === "", { timeoutMs: 60_000, description: "the pods gone" });
    await waitFor(async () => (await docker(["ps", "-aq", "--filter", `label=${nodeLabel}`])).trim() === "", {
      timeoutMs: 30_000,
      description: "the pods' containers removed",
    });
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
      "up, apiserver, scheduler, controller-manager, kubelet, proxy",
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
