import { afterAll, describe, expect, it } from "vitest";
import { docker, ensureTestImage, imageExists } from "./docker.js";
import { type Registry, startRegistry } from "./registry.js";

const registries: Registry[] = [];
afterAll(async () => {
  await Promise.all(registries.map((registry) => registry.stop()));
});

describe("startRegistry", () => {
  it("serves pushed images to the engine on loopback, and only those", async () => {
    const registry = await startRegistry();
    registries.push(registry);
    expect(registry.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const reference = await registry.push(await ensureTestImage(), "library/busybox:test");
    expect(reference).toBe(`${registry.address}/library/busybox:test`);
    await docker(["rmi", reference]);
    expect(await imageExists(reference)).toBe(false);
    await docker(["pull", "--quiet", reference]);
    expect(await imageExists(reference)).toBe(true);
    await expect(docker(["pull", `${registry.address}/library/missing:1`])).rejects.toThrow(
      /not found|unknown/,
    );
  });

  it("refuses an invalid repository name", async () => {
    const registry = await startRegistry();
    registries.push(registry);
    await expect(registry.push("busybox", "Bad Name")).rejects.toThrow(/invalid repository name/);
  });

  it("removes its tags and storage on stop", async () => {
    const registry = await startRegistry();
    const reference = await registry.push(await ensureTestImage(), "kept/busybox:1");
    await registry.stop();
    expect(await imageExists(reference)).toBe(false);
    expect(await imageExists(await ensureTestImage())).toBe(true);
  });
});
