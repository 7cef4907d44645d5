import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { type ManagedProcess, startProcess } from "./process.js";
import { waitFor } from "./wait-for.js";

export interface EtcdOptions {
  /** Cluster size: one member, or three (which survives the loss of any one). Default 1. */
  members?: 1 | 3;
  /** etcd binary; default /usr/bin/etcd (Debian's etcd-server package). */
  binary?: string;
  /** How long to wait for the cluster to report healthy. Default 20 s. */
  startTimeoutMs?: number;
}

/** One etcd member the harness runs. */
export interface EtcdMember {
  readonly name: string;
  /** http://127.0.0.1:<port>, what clients dial. */
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  /** False between kill() and restart(). */
  readonly running: boolean;
}

/** A running etcd (1 or 3 members) on free loopback ports with its data in a temporary directory. */
export interface EtcdCluster {
  /** Client URLs of every member, for the etcd3 client's `hosts`. */
  readonly endpoints: string[];
  readonly members: readonly EtcdMember[];
  /** SIGKILLs one member (crash, no clean shutdown); resolves once it has exited. */
  killMember(index: number): Promise<void>;
  /** Starts a killed member again on the same ports and data; resolves once it answers healthy. */
  restartMember(index: number): Promise<void>;
  /** Resolves once every running member reports healthy (a leader exists and it can serve). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every member and deletes the data directory. */
  stop(): Promise<void>;
}

interface MemberState {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  process?: ManagedProcess;
}

const START_ATTEMPTS = 3;

/**
 * Starts real etcd member(s) for tests and benchmarks. Ports are picked free just before the start, so a
 * port taken by someone else in between makes etcd exit at once: the whole start is then retried on new
 * ports (bounded attempts).
 */
export async function startEtcd(options: EtcdOptions = {}): Promise<EtcdCluster> {
  const count = options.members ?? 1;
  if (count !== 1 && count !== 3) throw new Error(`startEtcd: members must be 1 or 3, got ${String(count)}`);
  const root = await mkdtemp(join(tmpdir(), "capstan-etcd-"));
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const members = await allocateMembers(root, count, attempt);
    const cluster = new Cluster(root, members, options);
    try {
      await cluster.startAll();
      return cluster;
    } catch (error) {
      lastError = error;
      await cluster.stopMembers();
    }
  }
  await rm(root, { recursive: true, force: true });
  throw new Error(`startEtcd: could not start etcd after ${START_ATTEMPTS} attempts`, { cause: lastError });
}

async function allocateMembers(root: string, count: number, attempt: number): Promise<MemberState[]> {
  const members: MemberState[] = [];
  for (let index = 0; index < count; index++) {
    const name = `m${index}`;
    members.push({
      name,
      clientPort: await freePort(),
      peerPort: await freePort(),
      dataDir: join(root, `attempt${attempt}`, name),
    });
  }
  return members;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

class Cluster implements EtcdCluster {
  private readonly token = `capstan-${randomBytes(4).toString("hex")}`;
  private readonly binary: string;
  private readonly startTimeoutMs: number;

  constructor(
    private readonly root: string,
    private readonly state: MemberState[],
    options: EtcdOptions,
  ) {
    this.binary = options.binary ?? "/usr/bin/etcd";
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
  }

  get endpoints(): string[] {
    return this.state.map((member) => url(member.clientPort));
  }

  get members(): EtcdMember[] {
    return this.state.map((member) => ({
      name: member.name,
      clientUrl: url(member.clientPort),
      peerUrl: url(member.peerPort),
      dataDir: member.dataDir,
      running: isRunning(member.process),
    }));
  }

  async startAll(): Promise<void> {
    // Members of a new cluster wait for each other to elect a leader, so all start before any is awaited.
    for (const member of this.state) this.launch(member);
    await this.waitHealthy(this.startTimeoutMs);
  }

  async killMember(index: number): Promise<void> {
    await this.member(index).process?.kill();
  }

  async restartMember(index: number): Promise<void> {
    const member = this.member(index);
    if (isRunning(member.process)) throw new Error(`etcd member ${member.name} is still running`);
    this.launch(member);
    await this.waitHealthy(this.startTimeoutMs);
  }

  async waitHealthy(timeoutMs = this.startTimeoutMs): Promise<void> {
    const running = this.state.filter((member) => isRunning(member.process));
    await Promise.all(running.map((member) => this.waitMemberHealthy(member, timeoutMs)));
  }

  async stop(): Promise<void> {
    await this.stopMembers();
    await rm(this.root, { recursive: true, force: true });
  }

  async stopMembers(): Promise<void> {
    await Promise.all(this.state.map((member) => member.process?.stop(3_000)));
  }

  private member(index: number): MemberState {
    const member = this.state[index];
    if (!member) throw new Error(`no etcd member ${index} (cluster has ${this.state.length})`);
    return member;
  }

  private launch(member: MemberState): void {
    const initialCluster = this.state.map((m) => `${m.name}=${url(m.peerPort)}`).join(",");
    member.process = startProcess({
      name: `etcd-${member.name}`,
      command: this.binary,
      args: [
        `--name=${member.name}`,
        `--data-dir=${member.dataDir}`,
        `--listen-client-urls=${url(member.clientPort)}`,
        `--advertise-client-urls=${url(member.clientPort)}`,
        `--listen-peer-urls=${url(member.peerPort)}`,
        `--initial-advertise-peer-urls=${url(member.peerPort)}`,
        `--initial-cluster=${initialCluster}`,
        "--initial-cluster-state=new",
        `--initial-cluster-token=${this.token}`,
        // Tests write little: a small quota and frequent raft snapshots keep data dirs small.
        `--quota-backend-bytes=${512 * 1024 * 1024}`,
        "--snapshot-count=10000",
        "--max-wals=2",
        "--max-snapshots=2",
        "--logger=zap",
        "--log-level=warn",
        "--log-outputs=stderr",
      ],
    });
  }

  private async waitMemberHealthy(member: MemberState, timeoutMs: number): Promise<void> {
    const process = member.process;
    const outcome = await waitFor(
      async () => {
        if (!isRunning(process)) return "exited";
        return (await isHealthy(url(member.clientPort))) && "healthy";
      },
      { timeoutMs, intervalMs: 50, description: `etcd ${member.name} to report healthy` },
    ).catch((error: unknown) => {
      throw new Error(`${errorMessage(error)}\n${process?.output() ?? ""}`, { cause: error });
    });
    if (outcome === "exited")
      throw new Error(`etcd ${member.name} exited during start:\n${process?.output()}`);
  }
}

function isRunning(process: ManagedProcess | undefined): boolean {
  return process !== undefined && process.child.exitCode === null && process.child.signalCode === null;
}

/** etcd's /health answers {"health":"true"} only when the member has a leader and can serve. */
async function isHealthy(clientUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null && "health" in body && body.health === "true";
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
