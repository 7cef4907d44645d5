import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { docker, ensureTestImage, removeLabelledContainers, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRuntime } from "./docker-runtime.js";
import { LABEL } from "./labels.js";
import { RuntimeError } from "./runtime-error.js";

const runtime = createDockerRuntime();
const node = `runtime-test-${randomUUID().slice(0, 8)}`;
const podUid = randomUUID();
let busybox = "";
const sandboxImage = "capstan-test/runtime-sandbox:1";

const identity = (containerName: string, kind: "sandbox" | "app", attempt = 0) => ({
  node,
  podUid,
  podName: "web",
  podNamespace: "default",
  containerName,
  kind,
  attempt,
  image: busybox,
});

/** A sandbox image from the test busybox image's filesystem, made through the runtime's own import. */
async function importSandboxImage(): Promise<void> {
  if (await runtime.hasImage(sandboxImage)) return;
  const id = await docker(["create", busybox, "true"]);
  try {
    const exported = spawn("/usr/bin/docker", ["export", id], { stdio: ["ignore", "pipe", "inherit"] });
    await runtime.importImage(exported.stdout, sandboxImage, ['CMD ["/bin/sleep", "2147483647"]']);
  } finally {
    await docker(["rm", "-f", id]);
  }
}

beforeAll(async () => {
  busybox = await ensureTestImage();
  await importSandboxImage();
}, 60_000);

afterAll(async () => {
  await removeLabelledContainers(`${LABEL.node}=${node}`);
});

describe("docker runtime", () => {
  it("runs a pod: containers share the sandbox's network and hostname, and are listed by labels", async () => {
    const sandboxId = await runtime.createSandbox({
      identity: identity("POD", "sandbox"),
      image: sandboxImage,
      hostname: "web",
      hostNetwork: false,
      ports: [],
    });
    await runtime.start(sandboxId);
    const base = {
      image: busybox,
      sandboxId,
      args: [],
      env: ["GREETING=hello"],
      binds: [],
      nanoCpus: 500_000_000,
      memoryBytes: 64 * 1024 * 1024,
    };
    const server = await runtime.createContainer({
      ...base,
      identity: identity("server", "app"),
      command: [
        "sh",
        "-c",
        'mkdir -p /www && echo "$GREETING from $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www',
      ],
    });
    await runtime.start(server);
    const client = await runtime.createContainer({
      ...base,
      identity: identity("client", "app"),
      command: ["sh", "-c", "echo client on $(hostname); exec sleep 600"],
    });
    await runtime.start(client);

    const probe = await waitFor(
      async () => {
        const result = await runtime.exec(client, ["wget", "-q", "-O", "-", "http://127.0.0.1:8080/"], 5000);
        return result.exitCode === 0 ? result : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(probe.output.trim()).toBe("hello from web");
    expect(await runtime.sandboxIp(sandboxId)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const logs = await runtime.logs(client, { tailLines: 10 });
    const text = (await logs.toArray()).join("");
    expect(text).toBe("client on web\n");

    const listed = await runtime.listContainers(node, { podUid });
    expect(listed.map((record) => record.identity.containerName).sort()).toEqual(["POD", "client", "server"]);
    expect(listed.every((record) => record.state === "running")).toBe(true);
    expect((await runtime.usage(server)).memoryWorkingSetBytes).toBeGreaterThan(0);

    await runtime.stop(client, 1);
    const stopped = (await runtime.listContainers(node, { podUid })).find((record) => record.id === client);
    expect(stopped).toMatchObject({ state: "exited", exitCode: 137 });
    await Promise.all([client, server, sandboxId].map((id) => runtime.remove(id)));
    expect(await runtime.listContainers(node, { podUid })).toEqual([]);
  }, 60_000);

  it("reports a missing image and a failed pull with Kubernetes' reasons", async () => {
    expect(await runtime.hasImage("capstan-test/absent:1")).toBe(false);
    // A loopback address nobody serves: the pull fails without leaving the machine.
    const failure = await runtime.pullImage("127.0.0.1:1/absent:1").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RuntimeError);
    expect((failure as RuntimeError).reason).toBe("ErrImagePull");
  });

  it("gives typed errors for bad input and an unreachable engine", async () => {
    await expect(runtime.exec("nope", [], 100)).rejects.toMatchObject({ reason: "InvalidArgument" });
    const offline = createDockerRuntime({ socketPath: "/nonexistent/docker.sock" });
    await expect(offline.ping()).rejects.toMatchObject({ reason: "DockerUnavailable" });
    expect(() => createDockerRuntime({ socketPath: "" })).toThrow(RuntimeError);
  });
});
