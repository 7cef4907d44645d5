import { randomUUID } from "node:crypto";
import { docker, removeLabelledContainers, waitFor } from "@capstan/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createDockerRuntime, type DockerRuntime } from "../runtime/index.js";
import { ensureSandboxImage, SandboxImageError } from "./sandbox-image.js";

const run = `capstan.test/run=${randomUUID()}`;
const images: string[] = [];
afterAll(async () => {
  await removeLabelledContainers(run);
  if (images.length > 0) await docker(["rmi", ...images]);
});

/** A runtime over the real engine that counts imports, to prove concurrent calls share one build. */
function countingRuntime(): { runtime: DockerRuntime; imports: () => number } {
  const real = createDockerRuntime();
  let imports = 0;
  const runtime: DockerRuntime = {
    ...real,
    importImage: (tar, ref, changes) => {
      imports++;
      return real.importImage(tar, ref, changes);
    },
  };
  return { runtime, imports: () => imports };
}

describe("ensureSandboxImage on the real engine", () => {
  it("builds a missing capstan/pause image once, offline, that stops at once and exits 0 on SIGTERM", async () => {
    const { runtime, imports } = countingRuntime();
    const image = `capstan/pause:test-${randomUUID().slice(0, 8)}`;
    images.push(image);
    const [first, second] = await Promise.all([
      ensureSandboxImage(runtime, image),
      ensureSandboxImage(runtime, image),
    ]);
    expect([first, second]).toEqual([image, image]);
    expect(imports()).toBe(1);
    expect(await ensureSandboxImage(runtime, image)).toBe(image);
    expect(imports()).toBe(1);

    const id = await docker(["run", "-d", "--label", run, image]);
    await waitFor(async () => (await docker(["inspect", "-f", "{{.State.Running}}", id])) === "true");
    const started = Date.now();
    await docker(["stop", "-t", "10", id]);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await docker(["inspect", "-f", "{{.State.ExitCode}}", id])).toBe("0");
  });
});

describe("ensureSandboxImage decisions", () => {
  function fakeRuntime(pull: "ok" | "fails") {
    const calls: string[] = [];
    const runtime = {
      hasImage: async () => false,
      pullImage: async (ref: string) => {
        calls.push(`pull ${ref}`);
        if (pull === "fails") throw new Error("no registry");
      },
      importImage: async (_tar: NodeJS.ReadableStream, ref: string) => {
        calls.push(`import ${ref}`);
      },
    };
    return { runtime, calls };
  }

  it("pulls a foreign name, and builds it locally when the pull fails", async () => {
    const ok = fakeRuntime("ok");
    await ensureSandboxImage(ok.runtime, "registry.example/pause:3.9");
    expect(ok.calls).toEqual(["pull registry.example/pause:3.9"]);
    const offline = fakeRuntime("fails");
    await ensureSandboxImage(offline.runtime, "registry.example/pause:3.9");
    expect(offline.calls).toEqual(["pull registry.example/pause:3.9", "import registry.example/pause:3.9"]);
  });

  it("never pulls capstan/pause", async () => {
    const fake = fakeRuntime("ok");
    await ensureSandboxImage(fake.runtime, "capstan/pause:1");
    expect(fake.calls).toEqual(["import capstan/pause:1"]);
  });

  it("says how to fix a missing or dynamic busybox", async () => {
    const fake = fakeRuntime("ok");
    await expect(
      ensureSandboxImage(fake.runtime, "capstan/pause:1", { busybox: "/nonexistent" }),
    ).rejects.toThrow(/install busybox-static/);
    await expect(
      ensureSandboxImage(fake.runtime, "capstan/pause:1", { busybox: "/bin/true" }),
    ).rejects.toThrow(SandboxImageError);
    await expect(ensureSandboxImage(fake.runtime, "")).rejects.toThrow(SandboxImageError);
  });
});
