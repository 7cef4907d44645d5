import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "@capstan/testing";

const run = promisify(execFile);
const DOCKER = "/usr/bin/docker";
const DEPLOY = fileURLToPath(new URL("../../../deploy/", import.meta.url));

/** How many replicas of each service to start (services left out keep the compose file's count). */
export type Scale = Readonly<Record<string, number>>;

/** A compose project of deploy/docker-compose.yml with its own name and published loopback ports. */
export interface ComposeCluster {
  readonly project: string;
  /** HTTPS URL of the apiserver-lb's published port, for kubectl. */
  readonly apiUrl: string;
  /** The admin kubeconfig deploy/scripts/make-pki.sh wrote for this cluster (token and CA). */
  readonly kubeconfig: string;
  /** The cluster CA's certificate file. */
  readonly caFile: string;
  /** Runs `docker-compose ARGS` for this project. */
  compose(args: readonly string[], timeoutMs?: number): Promise<string>;
  /** Container ids of one service's replicas, in replica-number order. */
  containers(service: string): Promise<string[]>;
  /** `docker stop` of one container (5 s grace). */
  stopContainer(id: string): Promise<void>;
  /** deploy/down.sh: the project's containers, networks, volumes and the pods' containers. */
  down(): Promise<void>;
  /** What the project still has: containers, networks and volumes carrying its label, and pod containers. */
  leftovers(nodes: readonly string[]): Promise<string[]>;
}

/** Builds the images when absent (offline: nothing is pulled). Slow once (minutes), then a no-op. */
export async function ensureImages(): Promise<Record<string, string>> {
  await run("bash", [`${DEPLOY}build-images.sh`, "--offline", "--if-missing"], {
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const versions = await run(DOCKER, [
    "image",
    "ls",
    "--format",
    "{{.Repository}}:{{.Tag}}",
    "capstan-local/*",
  ]);
  const named = (prefix: string) => versions.stdout.split("\n").find((line) => line.startsWith(prefix));
  const etcd = named("capstan-local/etcd:");
  const nats = named("capstan-local/nats:");
  if (!etcd || !nats) throw new Error(`build-images.sh made no local etcd/nats image:\n${versions.stdout}`);
  return { CAPSTAN_IMAGE: "capstan:latest", ETCD_IMAGE: etcd, NATS_IMAGE: nats };
}

/** Starts the compose cluster (`up -d` with `scale`) on free loopback ports under a unique project name. */
export async function startComposeCluster(
  images: Record<string, string>,
  scale: Scale,
): Promise<ComposeCluster> {
  const project = `capstan-e2e-${randomBytes(3).toString("hex")}`;
  const apiPort = await freePort();
  const grpcPort = await freePort();
  const pki = await mkdtemp(join(tmpdir(), "capstan-e2e-pki-"));
  await run("sh", [`${DEPLOY}scripts/make-pki.sh`, pki, "--port", String(apiPort)]);
  const env = {
    ...process.env,
    ...images,
    CAPSTAN_API_PORT: String(apiPort),
    CAPSTAN_GRPC_PORT: String(grpcPort),
    CAPSTAN_PKI_DIR: pki,
    COMPOSE_HTTP_TIMEOUT: "300",
  };
  const compose = async (args: readonly string[], timeoutMs = 10 * 60_000) => {
    const result = await run(
      "docker-compose",
      ["-f", `${DEPLOY}docker-compose.yml`, "-p", project, ...args],
      {
        env,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return result.stdout;
  };
  const labelled = async (kind: string, extra: readonly string[] = []) => {
    const all = kind === "container" ? ["-a"] : [];
    const { stdout } = await run(DOCKER, [kind, "ls", ...all, "-q", ...extra]);
    return stdout.split("\n").filter((line) => line !== "");
  };
  const cluster: ComposeCluster = {
    project,
    apiUrl: `https://127.0.0.1:${apiPort}`,
    kubeconfig: join(pki, "admin.kubeconfig"),
    caFile: join(pki, "ca.crt"),
    compose,
    async containers(service) {
      const ids = await labelled("container", [
        "--filter",
        `label=com.docker.compose.project=${project}`,
        "--filter",
        `label=com.docker.compose.service=${service}`,
        "--format",
        '{{.Label "com.docker.compose.container-number"}} {{.ID}}',
      ]);
      return ids
        .map((line) => line.split(" "))
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map((parts) => parts[1] ?? "");
    },
    async stopContainer(id) {
      await run(DOCKER, ["stop", "-t", "5", id], { timeout: 60_000 });
    },
    async down() {
      await run("bash", [`${DEPLOY}down.sh`, "-p", project], { env, timeout: 10 * 60_000 });
      await rm(pki, { recursive: true, force: true });
    },
    async leftovers(nodes) {
      const project_ = ["--filter", `label=com.docker.compose.project=${project}`];
      const pods = await Promise.all(
        nodes.map((node) => labelled("container", ["--filter", `label=io.capstan.node=${node}`])),
      );
      return [
        ...(await labelled("container", project_)).map((id) => `container ${id}`),
        ...(await labelled("network", project_)).map((id) => `network ${id}`),
        ...(await labelled("volume", project_)).map((id) => `volume ${id}`),
        ...pods.flat().map((id) => `pod container ${id}`),
      ];
    },
  };
  try {
    const scales = Object.entries(scale).flatMap(([service, count]) => ["--scale", `${service}=${count}`]);
    await compose(["up", "-d", ...scales]);
  } catch (error) {
    await cluster.down().catch(() => {});
    throw error;
  }
  return cluster;
}
