import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect, createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@capstan/testing";
import { afterEach, describe, expect, it } from "vitest";

const LB = fileURLToPath(new URL("../../deploy/bin/apiserver-lb.mjs", import.meta.url));

/** A backend that answers every connection with its name and closes. */
async function startBackend(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end(name));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

/** Connects to the balancer and returns what the backend said ("" when the connection was cut). */
function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect({ host: "127.0.0.1", port });
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    socket.once("close", () => resolve(text));
    socket.once("error", reject);
  });
}

describe("apiserver-lb", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
  });

  async function startBalancer(args: string[]): Promise<{ child: ChildProcess; lines: () => string }> {
    const child = spawn(process.execPath, [LB, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    cleanup.push(() => child.kill("SIGKILL"));
    return { child, lines: () => output };
  }

  it("spreads connections round robin and skips a backend that is down", async () => {
    const a = await startBackend("a");
    const b = await startBackend("b");
    cleanup.push(
      () => a.server.close(),
      () => b.server.close(),
    );
    const port = await freePort();
    const lb = await startBalancer([`--route=127.0.0.1:${port}=localhost:${a.port},localhost:${b.port}`]);
    await waitFor(() => lb.lines().includes("route listening"), { timeoutMs: 20_000 });

    const answers = [await ask(port), await ask(port), await ask(port), await ask(port)];
    expect(answers.sort()).toEqual(["a", "a", "b", "b"]);

    a.server.close();
    for (let i = 0; i < 4; i++) expect(await ask(port)).toBe("b");
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const a = await startBackend("a");
    cleanup.push(() => a.server.close());
    const port = await freePort();
    const lb = await startBalancer([`--route=127.0.0.1:${port}=localhost:${a.port}`]);
    await waitFor(() => lb.lines().includes("route listening"), { timeoutMs: 20_000 });
    const exited = once(lb.child, "exit");
    lb.child.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
  });

  it("refuses a malformed route with exit code 2", async () => {
    const lb = await startBalancer(["--route=nonsense"]);
    const [code] = await once(lb.child, "exit");
    expect(code).toBe(2);
    expect(lb.lines()).toContain("--route must be LISTEN=BACKEND");
  });
});
