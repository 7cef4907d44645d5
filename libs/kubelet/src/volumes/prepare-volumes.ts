import { chmod, mkdir, realpath, rm } from "node:fs/promises";
import { isAbsolute, join, sep } from "node:path";
import type { Container, Pod, Volume } from "@capstan/api";
import type { ApiLookups } from "../env/api-lookups.js";
import type { EnvContext } from "../env/field-ref.js";
import { assertRelative, type ProjectedFile, writeAtomically } from "./atomic-writer.js";
import { checkHostPath } from "./host-path.js";
import { VolumeError } from "./volume-error.js";
import { configMapFiles, downwardFiles, secretFiles } from "./volume-files.js";
import { diskVolumeDir, memoryRoot, memoryVolumeDir } from "./volume-paths.js";

/** What the downward API's resourceFieldRef of an unset limit reads. */
export interface VolumeOptions {
  readonly nodeAllocatable?: EnvContext["nodeAllocatable"];
}

interface PreparedVolume {
  readonly hostPath: string;
  /** configMap and secret volumes are always mounted read-only, as in Kubernetes. */
  readonly readOnly: boolean;
}

/**
 * Materialises the pod's volumes under `podDir` and returns each container's Docker binds
 * (`hostPath:containerPath[:ro]`) keyed by container name, init containers included:
 * - emptyDir: a directory per volume under the pod directory; medium Memory on /dev/shm (tmpfs). sizeLimit is
 *   not enforced.
 * - hostPath: the host path itself, after the type check (DirectoryOrCreate, File...).
 * - configMap / secret: one file per key (or per `items` entry, at its path and mode; defaultMode else),
 *   written atomically so calling this again after the object changed updates running containers' files.
 *   Secrets are written to /dev/shm, never to disk.
 * - downwardAPI: metadata fields and container resources as files; projected: configMap, secret and
 *   downwardAPI sources merged into one directory (on /dev/shm; serviceAccountToken is not supported).
 * - volumeMounts: readOnly, subPath (created for directories; must stay inside the volume).
 * Idempotent: a restarted kubelet calls it again. Throws VolumeError (reason FailedMount) naming what is
 * missing (a ConfigMap, Secret or key that is not optional, an unknown volume, an unsupported volume type).
 */
export async function prepareVolumes(
  pod: Pod,
  podDir: string,
  lookups: ApiLookups,
  options: VolumeOptions = {},
): Promise<Map<string, string[]>> {
  if (!isAbsolute(podDir)) throw new VolumeError(`pod directory ${JSON.stringify(podDir)} must be absolute`);
  const namespace = pod.metadata?.namespace || "default";
  const volumes = new Map<string, PreparedVolume>();
  for (const volume of pod.spec?.volumes ?? []) {
    volumes.set(volume.name, await prepareVolume(pod, volume, podDir, namespace, lookups, options));
  }
  const binds = new Map<string, string[]>();
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    binds.set(container.name, await containerBinds(container, volumes));
  }
  return binds;
}

/** Removes everything prepareVolumes made for the pod; hostPath contents are never touched. */
export async function cleanupVolumes(podDir: string): Promise<void> {
  if (!isAbsolute(podDir)) throw new VolumeError(`pod directory ${JSON.stringify(podDir)} must be absolute`);
  await rm(memoryRoot(podDir), { recursive: true, force: true });
  await rm(join(podDir, "volumes"), { recursive: true, force: true });
}

async function prepareVolume(
  pod: Pod,
  volume: Volume,
  podDir: string,
  namespace: string,
  lookups: ApiLookups,
  options: VolumeOptions,
): Promise<PreparedVolume> {
  if (volume.emptyDir) {
    const memory = volume.emptyDir.medium === "Memory";
    const dir = memory
      ? memoryVolumeDir(podDir, "empty-dir", volume.name)
      : diskVolumeDir(podDir, "empty-dir", volume.name);
    await mkdir(dir, { recursive: true });
    // World-writable as in Kubernetes, so containers running as any user can use it (mkdir's mode is umasked).
    await chmod(dir, 0o777);
    return { hostPath: dir, readOnly: false };
  }
  if (volume.hostPath) {
    await checkHostPath(volume.hostPath.path, volume.hostPath.type);
    return { hostPath: volume.hostPath.path, readOnly: false };
  }
  if (volume.configMap) {
    const dir = diskVolumeDir(podDir, "configmap", volume.name);
    const source = volume.configMap;
    await writeAtomically(dir, await configMapFiles(source, source.defaultMode, namespace, lookups));
    return { hostPath: dir, readOnly: true };
  }
  if (volume.secret) {
    const dir = memoryVolumeDir(podDir, "secret", volume.name);
    const source = { ...volume.secret, name: volume.secret.secretName };
    await writeAtomically(dir, await secretFiles(source, source.defaultMode, namespace, lookups));
    return { hostPath: dir, readOnly: true };
  }
  if (volume.downwardApi) {
    const dir = diskVolumeDir(podDir, "downward-api", volume.name);
    const { items, defaultMode } = volume.downwardApi;
    await writeAtomically(dir, downwardFiles(pod, items, defaultMode, options.nodeAllocatable));
    return { hostPath: dir, readOnly: true };
  }
  if (volume.projected) {
    const dir = memoryVolumeDir(podDir, "projected", volume.name);
    const { sources, defaultMode } = volume.projected;
    const files = new Map<string, ProjectedFile>();
    for (const source of sources) {
      const part = source.configMap
        ? await configMapFiles(source.configMap, defaultMode, namespace, lookups)
        : source.secret
          ? await secretFiles(source.secret, defaultMode, namespace, lookups)
          : source.downwardApi
            ? downwardFiles(pod, source.downwardApi.items, defaultMode, options.nodeAllocatable)
            : undefined;
      if (!part)
        throw new VolumeError(
          `volume "${volume.name}": only configMap, secret and downwardAPI projections are supported`,
        );
      for (const [path, file] of part) files.set(path, file);
    }
    await writeAtomically(dir, files);
    return { hostPath: dir, readOnly: true };
  }
  throw new VolumeError(
    `volume "${volume.name}": only emptyDir, hostPath, configMap, secret, downwardAPI and projected volumes are supported`,
  );
}

async function containerBinds(
  container: Container,
  volumes: ReadonlyMap<string, PreparedVolume>,
): Promise<string[]> {
  const binds: string[] = [];
  for (const mount of container.volumeMounts) {
    const volume = volumes.get(mount.name);
    if (!volume)
      throw new VolumeError(`container ${container.name}: volumeMount names unknown volume "${mount.name}"`);
    if (!isAbsolute(mount.mountPath)) {
      throw new VolumeError(
        `container ${container.name}: mountPath ${JSON.stringify(mount.mountPath)} must be absolute`,
      );
    }
    const source = mount.subPath ? await subPathSource(volume, mount.subPath) : volume.hostPath;
    const readOnly = mount.readOnly || volume.readOnly;
    binds.push(`${source}:${mount.mountPath}${readOnly ? ":ro" : ""}`);
  }
  return binds;
}

/**
 * A subPath's host path: created as a directory in writable volumes when missing, resolved through symlinks
 * (a configMap key is a link through ..data) and refused when it resolves outside the volume.
 */
async function subPathSource(volume: PreparedVolume, subPath: string): Promise<string> {
  assertRelative(subPath);
  const path = join(volume.hostPath, subPath);
  if (!volume.readOnly) await mkdir(path, { recursive: true });
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch {
    throw new VolumeError(`subPath ${JSON.stringify(subPath)} does not exist in the volume`);
  }
  const root = await realpath(volume.hostPath);
  if (resolved !== root && !resolved.startsWith(`${root}${sep}`)) {
    throw new VolumeError(`subPath ${JSON.stringify(subPath)} resolves outside the volume`);
  }
  return resolved;
}
