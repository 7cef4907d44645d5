import { createHash } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { join } from "node:path";

/** tmpfs every Linux host has: memory-backed emptyDirs and secret volumes live there, so no mount is needed. */
const SHARED_MEMORY = "/dev/shm";

/** Where a pod's on-disk volumes live: `<podDir>/volumes/<kind>/<name>`. */
export function diskVolumeDir(
  podDir: string,
  kind: "empty-dir" | "configmap" | "downward-api",
  name: string,
): string {
  return join(podDir, "volumes", kind, name);
}

/**
 * Where a pod's memory-backed volumes live (emptyDir medium Memory, secrets): a directory on /dev/shm named
 * after a hash of the pod directory, so cleanup finds it from the pod directory alone. Falls back to the pod
 * directory when /dev/shm is not writable.
 */
export function memoryRoot(podDir: string): string {
  try {
    accessSync(SHARED_MEMORY, constants.W_OK);
  } catch {
    return join(podDir, "volumes", "memory");
  }
  const id = createHash("sha256").update(podDir).digest("hex").slice(0, 24);
  return join(SHARED_MEMORY, `capstan-pod-${id}`);
}

export function memoryVolumeDir(
  podDir: string,
  kind: "empty-dir" | "secret" | "projected",
  name: string,
): string {
  return join(memoryRoot(podDir), kind, name);
}
