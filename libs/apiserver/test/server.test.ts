import { createServer } from "node:net";
import { createLogger } from "@capstan/runtime";
import { describe, expect, it } from "vitest";
import { createApiServer } from "../src/index.js";
import { CONFIGMAPS, configMap } from "./fixtures.js";
import { startTestServer } from "./harness.js";
import { openWatch } from "./watch-client.js";

describe("the server", () => {
  it("answers /version with strings, health checks, and request metrics", async () => {
    const t = await startTestServer();
    try {
      const version = await t.json("GET", "/version?timeout=32s");
      expect(version.body).toMatchObject({
        major: "1",
        minor: "32",
        gitVersion: expect.stringMatching(/^v1\.32\./),
      });
      expect(Object.values(version.body).every((value) => typeof value === "string")).toBe(true);
      for (const path of ["/healthz", "/livez", "/readyz"]) {
        const response = await t.request(path);
        expect([path, response.status, await response.text()]).toEqual([path, 200, "ok\n"]);
      }
      await t.json("POST", CONFIGMAPS, configMap("counted"));
      await t.json("GET", `${CONFIGMAPS}/missing`);
      const metrics = await (await t.request("/metrics")).text();
      expect(metrics).toMatch(
        /apiserver_request_total\{verb="create",resource="configmaps",code="201"[^}]*\} 1/,
      );
      expect(metrics).toMatch(
        /apiserver_request_total\{verb="get",resource="configmaps",code="404"[^}]*\} 1/,
      );
      expect(metrics).toMatch(
        /apiserver_request_duration_seconds_bucket\{le="\+Inf",[^}]*verb="create",resource="configmaps"\} 1/,
      );
    } finally {
      await t.stop();
    }
  });

  it("ends open watches when it stops", async () => {
    const t = await startTestServer();
    const watch = await openWatch(`${t.url}${CONFIGMAPS}?watch=1`);
    await t.stop();
    expect(await watch.rest(5_000)).toEqual([]);
  });

  it("fails to start, rejecting ready, when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const t = await startTestServer();
    try {
      const server = createApiServer({
        store: t.store,
        logger: createLogger({ component: "apiserver-test", level: "silent" }),
        port,
        compactionIntervalMs: 0,
      });
      const controller = new AbortController();
      await expect(server.start(controller.signal)).rejects.toThrow(/EADDRINUSE/);
      await expect(server.ready).rejects.toThrow(/EADDRINUSE/);
      expect(() => server.address()).toThrow();
    } finally {
      await t.stop();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
