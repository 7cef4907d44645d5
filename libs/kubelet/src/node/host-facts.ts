import { arch, cpus, hostname, platform, release, totalmem } from "node:os";
import { readOptional } from "./read-optional.js";

/** What the node reports about the machine it runs on. */
export interface HostFacts {
  readonly hostname: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  /** `uname -r`. */
  readonly kernelVersion: string;
  /** PRETTY_NAME of /etc/os-release, e.g. "Debian GNU/Linux 12 (bookworm)". */
  readonly osImage: string;
  /** Kubernetes' spelling (GOOS): linux. */
  readonly operatingSystem: string;
  /** Kubernetes' spelling (GOARCH): amd64, arm64... */
  readonly architecture: string;
  readonly machineId: string;
  readonly bootId: string;
}

/** Node's process.arch → Go's GOARCH, which Kubernetes labels and nodeInfo use. */
const GOARCH: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ia32: "386",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
};

/** Reads the host's facts; files a container or non-Linux host lacks yield empty strings, never an error. */
export async function readHostFacts(): Promise<HostFacts> {
  const [osRelease, machineId, bootId] = await Promise.all([
    readOptional("/etc/os-release"),
    readOptional("/etc/machine-id"),
    readOptional("/proc/sys/kernel/random/boot_id"),
  ]);
  return {
    hostname: hostname().toLowerCase(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    kernelVersion: release(),
    osImage: prettyName(osRelease) || platform(),
    operatingSystem: platform() === "win32" ? "windows" : platform(),
    architecture: GOARCH[arch()] ?? arch(),
    machineId: machineId.trim(),
    bootId: bootId.trim(),
  };
}

/** The PRETTY_NAME value of an os-release file ("" when absent). */
export function prettyName(osRelease: string): string {
  const line = osRelease.split("\n").find((entry) => entry.startsWith("PRETTY_NAME="));
  if (!line) return "";
  return line
    .slice("PRETTY_NAME=".length)
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2");
}
