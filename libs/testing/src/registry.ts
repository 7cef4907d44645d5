import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker } from "./docker.js";
import { freePort } from "./free-port.js";
import { type ManagedProcess, startProcess, waitForPort } from "./process.js";

export interface RegistryOptions {
  /** The registry binary; default /usr/bin/docker-registry (Debian's docker-registry, distribution 2.8). */
  binary?: string;
  /** How long to wait for the registry to accept connections. Default 10 s. */
  startTimeoutMs?: number;
}

/** A real image registry on a free loopback port, storing in a temporary directory. */
export interface Registry {
  /** `127.0.0.1:<port>`: the prefix of image names it serves. Docker trusts loopback registries without TLS. */
  readonly address: string;
  /**
   * Tags the local `image` as `<address>/<name>` and pushes it; resolves with that reference. `name` is a
   * repository with an optional tag (`library/busybox:1`).
   */
  push(image: string, name: string): Promise<string>;
  /** The registry's recent log lines, for failure messages. */
  output(): string;
  /** Stops the registry, deletes its storage and the local tags `push` made. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const DEFAULT_BINARY = "/usr/bin/docker-registry";

/**
 * Starts Debian's `docker-registry` with a generated config (filesystem storage in a temp directory,
 * `http.addr` 127.0.0.1:<free port>, deletes enabled). A port taken between picking and binding makes the
 * registry exit; the start is retried on a new port.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const binary = options.binary ?? DEFAULT_BINARY;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(`startRegistry: ${binary} is not executable (install Debian's docker-registry package)`);
  }
  const dir = await mkdtemp(join(tmpdir(), "capstan-registry-"));
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const config = join(dir, "config.yml");
    await writeFile(config, registryConfig(join(dir, "storage"), port));
    const child = startProcess({ name: "docker-registry", command: binary, args: ["serve", config] });
    try {
      await waitForPort(port, "127.0.0.1", options.startTimeoutMs ?? 10_000);
      return new RunningRegistry(`127.0.0.1:${port}`, child, dir);
    } catch (error) {
      lastError = new Error(`${error instanceof Error ? error.message : String(error)}\n${child.output()}`);
      await child.kill();
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

function registryConfig(storage: string, port: number): string {
  return [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${storage}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "",
  ].join("\n");
}

class RunningRegistry implements Registry {
  private readonly pushed = new Set<string>();

  constructor(
    readonly address: string,
    private readonly process: ManagedProcess,
    private readonly dir: string,
  ) {}

  async push(image: string, name: string): Promise<string> {
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9._/-]*(:[\w][\w.-]{0,127})?$/.test(name)) {
      throw new Error(`registry push: invalid repository name ${JSON.stringify(name)}`);
    }
    const reference = `${this.address}/${name}`;
    await docker(["tag", image, reference]);
    this.pushed.add(reference);
    await docker(["push", reference]);
    return reference;
  }

  output(): string {
    return this.process.output();
  }

  async stop(): Promise<void> {
    await this.process.stop();
    const tags = [...this.pushed];
    this.pushed.clear();
    // Untag only: the images underneath stay (they are other tests' local images).
    if (tags.length > 0) await docker(["rmi", "--no-prune", ...tags]).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
