import { createServer, type Server } from "node:http";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { intOrString, ProbeSchema } from "@capstan/api";
import { freePort } from "@capstan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeTarget, resolveProbePort, runProbe } from "./probe-runners.js";

type ProbeInit = MessageInitShape<typeof ProbeSchema>;

let server: Server;
let port: number;
const seen: Record<string, string | undefined>[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, agent: req.headers["user-agent"], custom: String(req.headers["x-probe"]) });
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 3_000);
    res.statusCode = req.url === "/healthz" ? 200 : req.url === "/moved" ? 302 : 500;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const target = (overrides: Partial<ProbeTarget> = {}): ProbeTarget => ({
  podIP: "127.0.0.1",
  ports: [{ name: "http", containerPort: port }],
  exec: async () => ({ exitCode: 0, output: "" }),
  ...overrides,
});
const probe = (fields: ProbeInit) => create(ProbeSchema, fields);
const http = (path: string, timeoutSeconds = 0) =>
  probe({
    httpGet: {
      path,
      port: intOrString("http"),
      httpHeaders: [{ name: "X-Probe", value: "yes" }],
    },
    timeoutSeconds,
  });

describe("probe runners on real sockets", () => {
  it("httpGet: 200-399 succeed on the pod IP and a named port, with kube-probe's agent and the headers", async () => {
    expect(await runProbe(http("/healthz"), target())).toEqual({ success: true, message: "" });
    expect(await runProbe(http("/moved"), target())).toMatchObject({ success: true });
    expect(seen.at(-1)).toEqual({ url: "/moved", agent: "kube-probe/1.32", custom: "yes" });
    expect(await runProbe(http("/broken"), target())).toEqual({
      success: false,
      message: "HTTP probe failed with statuscode: 500",
    });
  });

  it("httpGet: a timeout or a refused connection fails with a message", async () => {
    const slow = await runProbe(http("/slow", 1), target());
    expect(slow).toMatchObject({ success: false, message: expect.stringMatching(/timed out after 1000 ms/) });
    const closed = await freePort();
    const refused = await runProbe(probe({ httpGet: { path: "/", port: intOrString(closed) } }), target());
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });

  it("tcpSocket: connects or fails", async () => {
    expect(await runProbe(probe({ tcpSocket: { port: intOrString(port) } }), target())).toMatchObject({
      success: true,
    });
    const closed = await freePort();
    const failed = await runProbe(probe({ tcpSocket: { port: intOrString(closed) } }), target());
    expect(failed).toMatchObject({
      success: false,
      message: expect.stringMatching(/dial tcp 127\.0\.0\.1:\d+: .*ECONNREFUSED/),
    });
  });

  it("exec: exit code 0 succeeds; others fail with the output; a rejection is a failure", async () => {
    const command = probe({ exec: { command: ["cat", "/tmp/healthy"] } });
    expect(await runProbe(command, target())).toMatchObject({ success: true });
    const failing = target({ exec: async () => ({ exitCode: 1, output: "cat: no such file\n" }) });
    expect((await runProbe(command, failing)).message).toBe(
      'command ["cat","/tmp/healthy"] exited with 1: cat: no such file',
    );
    const timingOut = target({ exec: async () => Promise.reject(new Error("exec timed out after 1000 ms")) });
    expect(await runProbe(command, timingOut)).toEqual({
      success: false,
      message: "exec timed out after 1000 ms",
    });
  });

  it("a probe without a handler or with an unknown port name fails with the reason", async () => {
    expect((await runProbe(probe({}), target())).message).toMatch(/no handler/);
    expect(() => resolveProbePort(intOrString("metrics"), [])).toThrow(/names no port/);
    expect(resolveProbePort(intOrString("8080"), [])).toBe(8080);
    expect(() => resolveProbePort(intOrString(70000), [])).toThrow(/invalid probe port/);
  });
});
