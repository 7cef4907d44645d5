import { Readable } from "node:stream";
import type Docker from "dockerode";
import { demuxBuffer, demuxStream } from "./docker-frames.js";
import { dockerStatusCode, RuntimeError } from "./runtime-error.js";

/** What `kubectl logs` can ask for. */
export interface LogOptions {
  readonly follow?: boolean;
  /** Last N lines; undefined for all. */
  readonly tailLines?: number;
  /** Only lines newer than this many seconds. */
  readonly sinceSeconds?: number;
  readonly timestamps?: boolean;
}

/** A container's log as one stream (stdout and stderr joined), following when asked. */
export async function containerLogs(docker: Docker, id: string, options: LogOptions): Promise<Readable> {
  const common = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps === true,
    ...(options.tailLines === undefined ? {} : { tail: Math.max(0, Math.floor(options.tailLines)) }),
    ...(options.sinceSeconds ? { since: Math.floor(Date.now() / 1000 - options.sinceSeconds) } : {}),
  };
  const container = docker.getContainer(id);
  try {
    if (options.follow) return demuxStream(await container.logs({ ...common, follow: true }));
    return Readable.from([demuxBuffer(await container.logs({ ...common, follow: false }))]);
  } catch (error) {
    throw RuntimeError.from(
      error,
      dockerStatusCode(error) === 404 ? "NotFound" : "DockerUnavailable",
      `logs of ${id}`,
    );
  }
}

/** Usage figures for `kubectl top`, as the Kubernetes summary API names them. */
export interface ContainerUsage {
  /** Cumulative CPU time in nanoseconds. */
  readonly cpuUsageNanos: number;
  /** Memory in use minus reclaimable page cache, in bytes. */
  readonly memoryWorkingSetBytes: number;
  readonly timestamp: Date;
}

/** One sample of a running container's usage from the Docker stats API. */
export async function containerUsage(docker: Docker, id: string): Promise<ContainerUsage> {
  try {
    const stats = await docker.getContainer(id).stats({ stream: false });
    const memory = stats.memory_stats;
    const cache = Number(
      (memory.stats as { total_inactive_file?: number; inactive_file?: number } | undefined)
        ?.total_inactive_file ?? 0,
    );
    return {
      cpuUsageNanos: Number(stats.cpu_stats.cpu_usage.total_usage),
      memoryWorkingSetBytes: Math.max(0, Number(memory.usage ?? 0) - cache),
      timestamp: new Date(stats.read),
    };
  } catch (error) {
    throw RuntimeError.from(
      error,
      dockerStatusCode(error) === 404 ? "NotFound" : "DockerUnavailable",
      `stats of ${id}`,
    );
  }
}

/** What a command run in a container gave. */
export interface ExecResult {
  readonly exitCode: number;
  /** stdout and stderr joined, at most 10 kB (probes keep only the start of the output). */
  readonly output: string;
}

const MAX_EXEC_OUTPUT = 10 * 1024;

/** Runs `command` in a running container; throws RuntimeError "ExecTimeout" after `timeoutMs`. */
export async function execIn(
  docker: Docker,
  id: string,
  command: readonly string[],
  timeoutMs: number,
): Promise<ExecResult> {
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === "string")) {
    throw new RuntimeError("InvalidArgument", "exec: command must be a non-empty list of strings");
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const exec = await docker
      .getContainer(id)
      .exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true });
    const framed = await exec.start({ hijack: true, stdin: false });
    const output = demuxStream(framed);
    const chunks: Buffer[] = [];
    let size = 0;
    output.on("data", (chunk: Buffer) => {
      if (size < MAX_EXEC_OUTPUT) chunks.push(chunk);
      size += chunk.length;
    });
    const finished = new Promise<void>((resolve, reject) => {
      output.on("end", resolve);
      output.on("error", reject);
    });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        output.destroy();
        reject(
          new RuntimeError("ExecTimeout", `exec ${JSON.stringify(command)} timed out after ${timeoutMs} ms`),
        );
      }, timeoutMs);
    });
    await Promise.race([finished, timedOut]);
    const inspected = await exec.inspect();
    return {
      exitCode: inspected.ExitCode ?? -1,
      output: Buffer.concat(chunks).toString("utf8").slice(0, MAX_EXEC_OUTPUT),
    };
  } catch (error) {
    throw RuntimeError.from(
      error,
      dockerStatusCode(error) === 404 ? "NotFound" : "DockerUnavailable",
      `exec in ${id}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
