import { existsSync } from "node:fs";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type NatsServer, startNats } from "./nats.js";

/** Reads the INFO line a NATS server sends to every new connection. */
function info(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\r\n");
      if (end === -1) return;
      socket.destroy();
      resolve(JSON.parse(text.slice("INFO ".length, end)));
    });
    socket.once("error", reject);
  });
}

const servers: NatsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe("startNats", () => {
  it("starts a JetStream-enabled server on loopback", async () => {
    const server = await startNats({ jetstream: true });
    servers.push(server);
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(await info(server.port)).toMatchObject({ jetstream: true, host: "127.0.0.1", port: server.port });
  });

  it("starts without JetStream when asked", async () => {
    const server = await startNats({ jetstream: false });
    servers.push(server);
    expect((await info(server.port)).jetstream).toBeUndefined();
  });

  it("restarts on the same port and store after a clean stop or a crash, and deletes the store on stop", async () => {
    const server = await startNats();
    const first = (await info(server.port)).server_id;
    await server.restart();
    const second = (await info(server.port)).server_id;
    expect(second).not.toBe(first);
    await server.kill();
    expect(server.running).toBe(false);
    await server.restart();
    expect(server.running).toBe(true);
    expect(existsSync(server.storeDir)).toBe(true);
    await server.stop();
    expect(existsSync(server.storeDir)).toBe(false);
    expect(server.running).toBe(false);
  });

  it("fails clearly when the binary is missing", async () => {
    await expect(startNats({ binary: "/nonexistent/nats-server" })).rejects.toThrow(
      /is not an executable file/,
    );
  });
});
