import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A real process per case: componentMain exits the process, which is its contract. The script sits in
// the package so it resolves @capstan/runtime like any component does.
const program = `
import { componentMain, defineConfig } from "@capstan/runtime";
const config = defineConfig({ port: { type: "integer", default: 1, description: "A port" } });
await componentMain({
  name: "demo",
  usage: "demo [flags]",
  summary: "A demo component.",
  config,
  create: (values) => [{
    name: "demo",
    async start(signal) {
      console.log("port " + values.port);
      process.kill(process.pid, "SIGTERM");
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
    },
  }],
});
`;

describe("componentMain", () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(process.cwd(), ".component-main-"));
    script = join(dir, "demo.ts");
    await writeFile(script, program);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--conditions=development", "--import", "tsx", script, ...args], {
      encoding: "utf8",
      env: { ...process.env, CAPSTAN_LOG_LEVEL: "silent" },
      timeout: 30_000,
    });

  it("runs the component with its flags and stops cleanly on SIGTERM", () => {
    const result = run("--port", "7");
    expect(result.stdout).toContain("port 7");
    expect(result.status).toBe(0);
  });

  it("answers --help with the usage and the flags", () => {
    const result = run("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("demo [flags]");
    expect(result.stdout).toContain("--port");
  });

  it("rejects an unknown flag and a stray argument in one line with exit code 2", () => {
    const unknown = run("--nope");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe("demo: unknown flag --nope");
    const stray = run("extra");
    expect(stray.status).toBe(2);
    expect(stray.stderr.trim()).toBe('demo: unexpected argument "extra" (usage: demo [flags])');
  });
});
