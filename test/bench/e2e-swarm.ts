import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { waitFor } from "@capstan/testing";
import type { Phases } from "./e2e-raw.js";

const run = promisify(execFile);
const DOCKER = "/usr/bin/docker";
const docker = async (args: readonly string[]) =>
  (await run(DOCKER, args, { maxBuffer: 16 << 20 })).stdout.trim();
const seconds = (started: number) => (performance.now() - started) / 1_000;

/** Tasks of `service` whose current state is Running. */
async function runningTasks(service: string): Promise<number> {
  const states = await docker([
    "service",
    "ps",
    service,
    "--filter",
    "desired-state=running",
    "--format",
    "{{.CurrentState}}",
  ]);
  return states.split("\n").filter((state) => state.startsWith("Running")).length;
}

/**
 * The peer: Docker Swarm on the same engine. Initialises a single-node swarm on loopback when the engine is
 * in none (and leaves it afterwards, with the docker_gwbridge network it creates), creates a service of
 * `replicas` tasks of the image named by id with --no-resolve-image (so Swarm attempts no pull), waits for
 * all to run, scales to `scaledReplicas`, then removes the service and waits for its containers to go.
 */
export async function benchSwarm(options: {
  image: string;
  command: readonly string[];
  replicas: number;
  scaledReplicas: number;
  label: string;
}): Promise<Phases> {
  const state = await docker(["info", "--format", "{{.Swarm.LocalNodeState}}"]);
  const created = state === "inactive";
  if (created) await docker(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
  const service = `capstan-bench-${process.pid}`;
  const imageId = await docker(["image", "inspect", "-f", "{{.Id}}", options.image]);
  const deadline = { timeoutMs: 15 * 60_000, intervalMs: 500 };
  try {
    const started = performance.now();
    await docker([
      "service",
      "create",
      "--detach",
      "--name",
      service,
      "--no-resolve-image",
      "--container-label",
      `${options.label}=swarm`,
      "--replicas",
      String(options.replicas),
      imageId,
      ...options.command,
    ]);
    await waitFor(async () => (await runningTasks(service)) >= options.replicas, {
      ...deadline,
      description: "swarm tasks running",
    });
    const startSeconds = seconds(started);
    const scaling = performance.now();
    await docker(["service", "scale", "--detach", `${service}=${options.scaledReplicas}`]);
    await waitFor(async () => (await runningTasks(service)) >= options.scaledReplicas, {
      ...deadline,
      description: "swarm scaled",
    });
    const scaleSeconds = seconds(scaling);
    const removing = performance.now();
    await docker(["service", "rm", service]);
    await waitFor(
      async () => (await docker(["ps", "-aq", "--filter", `label=${options.label}=swarm`])) === "",
      { ...deadline, description: "swarm containers removed" },
    );
    return { start: startSeconds, scale: scaleSeconds, remove: seconds(removing) };
  } finally {
    await docker(["service", "rm", service]).catch(() => "");
    if (created) {
      await docker(["swarm", "leave", "--force"]).catch(() => "");
      await docker(["network", "rm", "docker_gwbridge"]).catch(() => "");
    }
  }
}
