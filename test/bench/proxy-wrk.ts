import { execFile, execFileSync } from "node:child_process";

/** One wrk run's figures. */
export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** Makes sure Debian's wrk is installed (apt-get when missing and root); throws with the reason otherwise. */
export function ensureWrk(): string {
  try {
    return execFileSync("sh", ["-c", "command -v wrk"]).toString().trim();
  } catch {
    if (process.getuid?.() !== 0) throw new Error("wrk is missing: install it with `apt-get install wrk`");
    execFileSync("apt-get", ["install", "-y", "-q", "wrk"], { stdio: "inherit" });
    return execFileSync("sh", ["-c", "command -v wrk"]).toString().trim();
  }
}

function toMs(value: string, unit: string): number {
  const factor = unit === "us" ? 0.001 : unit === "ms" ? 1 : unit === "s" ? 1000 : Number.NaN;
  return Number(value) * factor;
}

/** Parses wrk's `--latency` report. */
export function parseWrk(output: string): WrkResult {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s)$/m.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)$/m.exec(output);
  if (!rate || !p50 || !p99) throw new Error(`unexpected wrk output:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const errors =
    (socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0) + Number(non2xx?.[1] ?? 0);
  return {
    requestsPerSecond: Number(rate[1]),
    p50Ms: toMs(p50[1] ?? "", p50[2] ?? ""),
    p99Ms: toMs(p99[1] ?? "", p99[2] ?? ""),
    errors,
  };
}

/** Runs wrk against a loopback URL; `newConnections` sends `Connection: close` so every request reconnects. */
export function runWrk(
  wrk: string,
  url: string,
  options: { connections: number; seconds: number; newConnections: boolean },
): Promise<WrkResult> {
  if (!url.startsWith("http://127.0.0.1:"))
    throw new Error(`the benchmark only sends to loopback, not ${url}`);
  const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--latency"];
  if (options.newConnections) args.push("-H", "Connection: close");
  return new Promise((resolve, reject) => {
    execFile(wrk, [...args, url], { timeout: (options.seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk failed: ${stderr || error.message}`));
      else {
        try {
          resolve(parseWrk(stdout));
        } catch (parseError) {
          reject(parseError);
        }
      }
    });
  });
}
