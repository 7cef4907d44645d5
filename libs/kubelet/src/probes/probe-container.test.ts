import { randomUUID } from "node:crypto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { intOrString, ProbeSchema } from "@capstan/api";
import { docker, ensureTestImage, removeLabelledContainers, waitFor } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerRuntime } from "../runtime/index.js";
import { type ProbeTarget, runProbe } from "./probe-runners.js";

const run = `capstan.test/run=${randomUUID()}`;
const runtime = createDockerRuntime();
let target: ProbeTarget;

/** One busybox container serving /www on 8080, probed by its bridge IP as a pod would be. */
beforeAll(async () => {
  const image = await ensureTestImage();
  const script = "mkdir -p /www && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www";
  const id = await docker(["run", "-d", "--label", run, image, "sh", "-c", script]);
  const ip = await docker(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", id]);
  target = {
    podIP: ip,
    ports: [{ name: "http", containerPort: 8080 }],
    exec: (command, timeoutMs) => runtime.exec(id, command, timeoutMs),
  };
  await waitFor(
    async () => (await runProbe(probe({ tcpSocket: { port: intOrString(8080) } }), target)).success,
    {
      timeoutMs: 30_000,
      description: "busybox httpd to listen",
    },
  );
}, 60_000);
afterAll(async () => {
  await removeLabelledContainers(run);
});

const probe = (fields: MessageInitShape<typeof ProbeSchema>) =>
  create(ProbeSchema, { timeoutSeconds: 5, ...fields });

describe("probe runners against a real container", () => {
  it("httpGet on the container IP and a named port: a served file succeeds, a missing one fails", async () => {
    expect(
      await runProbe(probe({ httpGet: { path: "/healthz", port: intOrString("http") } }), target),
    ).toEqual({
      success: true,
      message: "",
    });
    const missing = await runProbe(probe({ httpGet: { path: "/nope", port: intOrString("http") } }), target);
    expect(missing).toEqual({ success: false, message: "HTTP probe failed with statuscode: 404" });
  });

  it("exec through the Docker runtime: exit 0 succeeds, non-zero fails with its output", async () => {
    expect(await runProbe(probe({ exec: { command: ["cat", "/www/healthz"] } }), target)).toMatchObject({
      success: true,
    });
    const failed = await runProbe(probe({ exec: { command: ["cat", "/www/absent"] } }), target);
    expect(failed.success).toBe(false);
    expect(failed.message).toMatch(/exited with 1: cat: can't open '\/www\/absent'/);
  });
});
