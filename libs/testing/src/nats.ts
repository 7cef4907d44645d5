import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "./free-port.js";
import { type ManagedProcess, startProcess } from "./process.js";
import { waitFor } from "./wait-for.js";

export interface NatsOptions {
  /** Enable JetStream with file storage in a temporary directory. Default true. */
  jetstream?: boolean;
  /** nats-server binary; default /usr/sbin/nats-server (Debian's package), else the one on PATH. */
  binary?: string;
  /** How long to wait for "Server is ready". Default 10 s. */
  startTimeoutMs?: number;
}

/** A real nats-server on a free loopback port, monitoring off. */
export interface NatsServer {
  /** nats://127.0.0.1:<port>, what clients dial. */
  readonly url: string;
  readonly port: number;
  /** JetStream store directory (kept across restart(), deleted by stop()). */
  readonly storeDir: string;
  /** False between kill() and restart(). */
  readonly running: boolean;
  /** The server's recent log lines, for failure messages. */
  output(): string;
  /** SIGKILLs the server (a crash: no clean shutdown); resolves once it has exited. */
  kill(): Promise<void>;
  /**
   * Stops the server if it runs (SIGTERM, clean) and starts it again on the same port and store
   * directory; resolves once it is ready.
   */
  restart(): Promise<void>;
  /** Stops the server and deletes its store directory. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const READY_LINE = "Server is ready";

/**
 * Starts a real nats-server for tests and benchmarks: `-js -sd <tmp> -a 127.0.0.1 -p <free port>`.
 * A port taken between picking and binding makes the server exit; the start is retried on a new port.
 */
export async function startNats(options: NatsOptions = {}): Promise<NatsServer> {
  const binary = options.binary ?? findBinary();
  // A binary that cannot be spawned never emits "exit"; refuse it up front with an actionable message.
  if (!isExecutable(binary)) {
    throw new Error(`startNats: ${binary} is not an executable file (install Debian's nats-server package)`);
  }
  const storeDir = await mkdtemp(join(tmpdir(), "capstan-nats-"));
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const server = new Server(storeDir, await freePort(), binary, options);
    try {
      await server.launch();
      return server;
    } catch (error) {
      lastError = error;
      await server.kill();
    }
  }
  await rm(storeDir, { recursive: true, force: true });
  throw new Error(`startNats: could not start nats-server after ${START_ATTEMPTS} attempts`, {
    cause: lastError,
  });
}

function findBinary(): string {
  const directories = ["/usr/sbin", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  const found = directories.map((directory) => join(directory, "nats-server")).find(isExecutable);
  return found ?? "/usr/sbin/nats-server";
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

class Server implements NatsServer {
  private process: ManagedProcess | undefined;
  private readonly startTimeoutMs: number;
  private readonly jetstream: boolean;

  constructor(
    readonly storeDir: string,
    readonly port: number,
    private readonly binary: string,
    options: NatsOptions,
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.jetstream = options.jetstream ?? true;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    const child = this.process?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  output(): string {
    return this.process?.output() ?? "";
  }

  async launch(): Promise<void> {
    const args = ["-a", "127.0.0.1", "-p", String(this.port), "-m", "0"];
    if (this.jetstream) args.push("-js", "-sd", this.storeDir);
    const process = startProcess({ name: "nats-server", command: this.binary, args });
    this.process = process;
    const outcome = await waitFor(
      () => {
        if (!this.running) return "exited";
        return process.output().includes(READY_LINE) && "ready";
      },
      { timeoutMs: this.startTimeoutMs, intervalMs: 20, description: "nats-server to be ready" },
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${process.output()}`);
    });
    if (outcome === "exited") throw new Error(`nats-server exited during start:\n${process.output()}`);
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async restart(): Promise<void> {
    await this.process?.stop(5_000);
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.process?.stop(5_000);
    await rm(this.storeDir, { recursive: true, force: true });
  }
}
