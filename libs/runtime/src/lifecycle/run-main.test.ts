import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "@capstan/testing";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("../../test/fixtures/run-main-fixture.ts", import.meta.url));

interface Started {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  exit: Promise<number | null>;
}

/** Runs the fixture main, optionally as PID 1 of a new PID namespace (as in a container). */
function startFixture(mode: string, asPid1 = false): Started {
  const node = [process.execPath, "--import", "tsx", fixture, mode];
  const [command, ...args] = asPid1 ? ["unshare", "--pid", "--fork", "--kill-child", ...node] : node;
  const child = spawn(command ?? "", args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) if (part.startsWith("{")) lines.push(JSON.parse(part));
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, lines, exit };
}

/** New PID namespaces need root and a kernel/container that allows them (not every CI sandbox does). */
const canUnsharePid = spawnSync("unshare", ["--pid", "--fork", "true"]).status === 0;

const messages = (started: Started) => started.lines.map((line) => line.msg);
const started = (s: Started) => waitFor(() => messages(s).includes("starting"), { timeoutMs: 20_000 });

describe("runMain", () => {
  it("stops every runnable on SIGTERM and exits 0", async () => {
    const main = startFixture("clean");
    await started(main);
    main.child.kill("SIGTERM");
    expect(await main.exit).toBe(0);
    expect(messages(main)).toEqual(
      expect.arrayContaining(["stopping", "worker cleaned up", "bystander stopped", "stopped"]),
    );
    expect(main.lines.find((line) => line.msg === "stopping")?.signal).toBe("SIGTERM");
  });

  it("stops on SIGINT as well", async () => {
    const main = startFixture("clean");
    await started(main);
    main.child.kill("SIGINT");
    expect(await main.exit).toBe(0);
  });

  it("stops the others and exits 1 when one runnable fails, logging the error", async () => {
    const main = startFixture("fail");
    expect(await main.exit).toBe(1);
    const failure = main.lines.find((line) => line.msg === "stopping after a failure");
    expect(JSON.stringify(failure?.err)).toContain("worker: disk on fire");
    expect(messages(main)).toContain("bystander stopped");
  });

  it("exits 1 when the shutdown deadline passes", async () => {
    const main = startFixture("hang");
    await started(main);
    main.child.kill("SIGTERM");
    expect(await main.exit).toBe(1);
    expect(messages(main)).toContain("shutdown deadline passed, exiting without a clean stop");
  });

  it("exits 1 at once on a second signal", async () => {
    const main = startFixture("slow");
    await started(main);
    main.child.kill("SIGTERM");
    await waitFor(() => messages(main).includes("stopping"));
    main.child.kill("SIGTERM");
    expect(await main.exit).toBe(1);
    expect(messages(main)).toContain("second signal, exiting without waiting for a clean stop");
  });

  it.runIf(canUnsharePid)("stops cleanly on SIGTERM as PID 1 of its own PID namespace", async () => {
    const main = startFixture("clean", true);
    await started(main);
    expect(main.lines.find((line) => line.msg === "fixture pid")?.pid).toBe(1);
    // unshare forwards nothing: signal the namespaced node (PID 1 inside) directly through its host pid.
    const hostPid = await waitFor(() => childPidOf(main.child.pid));
    process.kill(hostPid, "SIGTERM");
    expect(await main.exit).toBe(0);
    expect(messages(main)).toContain("stopped");
  });
});

async function childPidOf(parent: number | undefined): Promise<number | undefined> {
  const { readFile } = await import("node:fs/promises");
  if (parent === undefined) return undefined;
  const text = await readFile(`/proc/${parent}/task/${parent}/children`, "utf8").catch(() => "");
  const first = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(first) && first > 0 ? first : undefined;
}
