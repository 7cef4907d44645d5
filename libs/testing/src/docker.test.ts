import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DockerCliError, docker, ensureTestImage, imageExists, removeLabelledContainers } from "./docker.js";

const run = `capstan.test/run=${randomUUID()}`;
afterAll(async () => {
  await removeLabelledContainers(run);
});

describe("ensureTestImage", () => {
  it("imports a busybox image with a shell, users and a writable /tmp, once", async () => {
    const image = await ensureTestImage();
    expect(image).toMatch(/^capstan-test\/busybox:[0-9a-f]{16}$/);
    expect(await imageExists(image)).toBe(true);
    const output = await docker([
      "run",
      "--rm",
      "--label",
      run,
      "--user",
      "nobody",
      image,
      "sh",
      "-c",
      "id -u; touch /tmp/x && echo writable; grep -c root /etc/passwd; stat -c %a /tmp",
    ]);
    expect(output.split("\n")).toEqual(["65534", "writable", "1", "1777"]);
    expect(await ensureTestImage()).toBe(image);
  });

  it("names the missing busybox in its error", async () => {
    await expect(ensureTestImage({ busybox: "/nonexistent/busybox" })).rejects.toThrow(/busybox-static/);
  });
});

describe("removeLabelledContainers", () => {
  it("removes every container with the label, running or not, and only those", async () => {
    const image = await ensureTestImage();
    const label = `capstan.test/cleanup=${randomUUID()}`;
    await docker(["create", "--label", run, "--label", label, image]);
    await docker(["run", "-d", "--label", run, "--label", label, image, "sleep", "60"]);
    const bystander = await docker(["create", "--label", run, image]);
    expect(await removeLabelledContainers(label)).toBe(2);
    expect(await docker(["ps", "-aq", "--filter", `label=${label}`])).toBe("");
    expect(await docker(["ps", "-aq", "--no-trunc", "--filter", `id=${bystander}`])).toBe(bystander);
  });

  it("refuses an empty label", async () => {
    await expect(removeLabelledContainers(" ")).rejects.toBeInstanceOf(DockerCliError);
  });
});
