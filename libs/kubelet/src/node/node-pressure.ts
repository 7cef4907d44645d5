import { statfs } from "node:fs/promises";
import { readOptional } from "./read-optional.js";

/** Kubernetes' default hard eviction thresholds, which decide the pressure conditions. */
export const PRESSURE_THRESHOLDS = {
  /** memory.available < 100Mi */
  memoryAvailableBytes: 100 * 1024 * 1024,
  /** nodefs.available < 10% */
  diskAvailableFraction: 0.1,
  /** More than 90% of pid_max in use. */
  pidUsedFraction: 0.9,
} as const;

/** Which resources the node is short of. */
export interface NodePressure {
  readonly memory: boolean;
  readonly disk: boolean;
  readonly pid: boolean;
}

/**
 * Measures pressure as the kubelet's eviction manager does, cheaply: MemAvailable from /proc/meminfo, free
 * space of the filesystem holding `rootDir`, and live tasks (/proc/loadavg) against pid_max. A measure that
 * cannot be read counts as no pressure (a container without /proc details must not mark its node unusable).
 */
export async function measurePressure(rootDir: string): Promise<NodePressure> {
  const [meminfo, loadavg, pidMax, disk] = await Promise.all([
    readOptional("/proc/meminfo"),
    readOptional("/proc/loadavg"),
    readOptional("/proc/sys/kernel/pid_max"),
    statfs(rootDir).catch(() => undefined),
  ]);
  const available = memAvailableBytes(meminfo);
  const tasks = Number(loadavg.split(" ")[3]?.split("/")[1]);
  const maxPids = Number(pidMax.trim());
  return {
    memory: available !== undefined && available < PRESSURE_THRESHOLDS.memoryAvailableBytes,
    disk:
      disk !== undefined &&
      disk.blocks > 0 &&
      disk.bavail / disk.blocks < PRESSURE_THRESHOLDS.diskAvailableFraction,
    pid: maxPids > 0 && tasks > 0 && tasks / maxPids > PRESSURE_THRESHOLDS.pidUsedFraction,
  };
}

/** MemAvailable of a /proc/meminfo text, in bytes (undefined when absent). */
export function memAvailableBytes(meminfo: string): number | undefined {
  const match = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo);
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}
