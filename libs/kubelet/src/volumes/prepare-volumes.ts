import { chmod, mkdir, realpath, rm } from "node:fs/promises";
import { isAbsolute, join, sep } from "node:path";
import type { Container, KeyToPath, Pod, Volume } from "@capstan/api";
import type { ApiLookups } from "../env/api-lookups.js";
import { secretData } from "../env/resolve-env.js";
import { assertRelative, type ProjectedFile, writeAtomically } from "./atomic-writer.js";
import { checkHostPath } from "./host-path.js";
import { VolumeError } from "./volume-error.js";
import { diskVolumeDir, memoryRoot, memoryVolumeDir } from "./volume-paths.js";

/** Kubernetes' default mode of configMap and secret files (0644, "420" in YAML). */
const DEFAULT_MODE = 0o644;

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
 * - volumeMounts: readOnly, subPath (created for directories; must stay inside the volume).
 * Idempotent: a restarted kubelet calls it again. Throws VolumeError (reason FailedMount) naming what is
 * missing (a ConfigMap, Secret or key that is not optional, an unknown volume, an unsupported volume type).
 */
export async function prepareVolumes(
  pod: Pod,
  podDir: string,
  lookups: ApiLookups,
): Promise<Map<string, string[]>> {
  if (!isAbsolute(podDir)) throw new VolumeError(`pod directory ${JSON.stringify(podDir)} must be absolute`);
  const namespace = pod.metadata?.namespace || "default";
  const volumes = new Map<string, PreparedVolume>();
  for (const volume of pod.spec?.volumes ?? []) {
    volumes.set(volume.name, await prepareVolume(volume, podDir, namespace, lookups));
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
  volume: Volume,
  podDir: string,
  namespace: string,
  lookups: ApiLookups,
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
    const source = volume.configMap;
    const configMap = await lookups.getConfigMap(namespace, source.name);
    if (!configMap && !source.optional) throw new VolumeError(`configmap "${source.name}" not found`);
    const data: Record<string, Uint8Array> = { ...configMap?.binaryData };
    for (const [key, value] of Object.entries(configMap?.data ?? {}))
      data[key] = new TextEncoder().encode(value);
    const dir = diskVolumeDir(podDir, "configmap", volume.name);
    await writeAtomically(
      dir,
      projectedFiles(data, source.items, source.defaultMode, source.optional, `configmap ${source.name}`),
    );
    return { hostPath: dir, readOnly: true };
  }
  if (volume.secret) {
    const source = volume.secret;
    const secret = await lookups.getSecret(namespace, source.secretName);
    if (!secret && !source.optional) throw new VolumeError(`secret "${source.secretName}" not found`);
    const data: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(secret ? secretData(secret) : {}))
      data[key] = new TextEncoder().encode(value);
    const dir = memoryVolumeDir(podDir, "secret", volume.name);
    await writeAtomically(
      dir,
      projectedFiles(data, source.items, source.defaultMode, source.optional, `secret ${source.secretName}`),
    );
    return { hostPath: dir, readOnly: true };
  }
  throw new VolumeError(
    `volume "${volume.name}": only emptyDir, hostPath, configMap and secret volumes are supported`,
  );
}

/** The files of a configMap/secret volume: every key, or only `items` (a missing item key fails unless optional). */
function projectedFiles(
  data: Record<string, Uint8Array>,
  items: readonly KeyToPath[],
  defaultMode: number | undefined,
  optional: boolean | undefined,
  what: string,
): Map<string, ProjectedFile> {
  const mode = checkMode(defaultMode ?? DEFAULT_MODE);
  const files = new Map<string, ProjectedFile>();
  if (items.length === 0) {
    for (const [key, content] of Object.entries(data)) files.set(key, { content, mode });
    return files;
  }
  for (const item of items) {
    const content = data[item.key];
    if (content === undefined) {
      if (optional) continue;
      throw new VolumeError(`${what} references non-existent key ${JSON.stringify(item.key)}`);
    }
    assertRelative(item.path);
    files.set(item.path, { content, mode: checkMode(item.mode ?? mode) });
  }
  return files;
}

function checkMode(mode: number): number {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777)
    throw new VolumeError(`file mode ${mode} must be between 0 and 0777`);
  return mode;
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
