import type {
  ConfigMapVolumeSource,
  DownwardAPIVolumeFile,
  KeyToPath,
  Pod,
  SecretVolumeSource,
} from "@capstan/api";
import type { ApiLookups } from "../env/api-lookups.js";
import { EnvError } from "../env/env-error.js";
import { type EnvContext, fieldRefValue, resourceFieldValue } from "../env/field-ref.js";
import { secretData } from "../env/resolve-env.js";
import { assertRelative, type ProjectedFile } from "./atomic-writer.js";
import { VolumeError } from "./volume-error.js";

/** Kubernetes' default mode of configMap, secret and downward API files (0644, "420" in YAML). */
export const DEFAULT_MODE = 0o644;

export type VolumeFiles = Map<string, ProjectedFile>;

/** The files of a configMap volume or projection (`defaultMode` comes from the volume). */
export async function configMapFiles(
  source: Pick<ConfigMapVolumeSource, "name" | "items" | "optional">,
  defaultMode: number | undefined,
  namespace: string,
  lookups: ApiLookups,
): Promise<VolumeFiles> {
  const configMap = await lookups.getConfigMap(namespace, source.name);
  if (!configMap && !source.optional) throw new VolumeError(`configmap "${source.name}" not found`);
  const data: Record<string, Uint8Array> = { ...configMap?.binaryData };
  for (const [key, value] of Object.entries(configMap?.data ?? {}))
    data[key] = new TextEncoder().encode(value);
  return keyFiles(data, source.items, defaultMode, source.optional, `configmap ${source.name}`);
}

/** The files of a secret volume or projection. */
export async function secretFiles(
  source: Pick<SecretVolumeSource, "items" | "optional"> & { readonly name: string },
  defaultMode: number | undefined,
  namespace: string,
  lookups: ApiLookups,
): Promise<VolumeFiles> {
  const secret = await lookups.getSecret(namespace, source.name);
  if (!secret && !source.optional) throw new VolumeError(`secret "${source.name}" not found`);
  const data: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(secret ? secretData(secret) : {})) {
    data[key] = new TextEncoder().encode(value);
  }
  return keyFiles(data, source.items, defaultMode, source.optional, `secret ${source.name}`);
}

/** Every key, or only `items` (a missing item key fails unless optional). */
function keyFiles(
  data: Record<string, Uint8Array>,
  items: readonly KeyToPath[],
  defaultMode: number | undefined,
  optional: boolean | undefined,
  what: string,
): VolumeFiles {
  const mode = checkMode(defaultMode ?? DEFAULT_MODE);
  const files: VolumeFiles = new Map();
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

/**
 * The files of a downward API volume or projection: metadata fields (labels and annotations whole, as
 * `key="value"` lines in key order, or one by subscript) and the pod's containers' resources.
 */
export function downwardFiles(
  pod: Pod,
  items: readonly DownwardAPIVolumeFile[],
  defaultMode: number | undefined,
  nodeAllocatable: EnvContext["nodeAllocatable"],
): VolumeFiles {
  const mode = checkMode(defaultMode ?? DEFAULT_MODE);
  const files: VolumeFiles = new Map();
  for (const item of items) {
    assertRelative(item.path);
    const value = downwardValue(pod, item, nodeAllocatable);
    files.set(item.path, { content: new TextEncoder().encode(value), mode: checkMode(item.mode ?? mode) });
  }
  return files;
}

function downwardValue(
  pod: Pod,
  item: DownwardAPIVolumeFile,
  nodeAllocatable: EnvContext["nodeAllocatable"],
): string {
  try {
    if (item.fieldRef) {
      const path = item.fieldRef.fieldPath;
      if (path === "metadata.labels") return formatMap(pod.metadata?.labels ?? {});
      if (path === "metadata.annotations") return formatMap(pod.metadata?.annotations ?? {});
      if (!path.startsWith("metadata."))
        throw new VolumeError(`downward API volumes only expose metadata, not ${path}`);
      return fieldRefValue(pod, path, { nodeName: "", hostIP: "", podIP: "" });
    }
    if (item.resourceFieldRef) {
      const { containerName, resource, divisor } = item.resourceFieldRef;
      const container = pod.spec?.containers.find((candidate) => candidate.name === containerName);
      if (!container)
        throw new VolumeError(`downward API file ${item.path}: no container "${containerName}"`);
      return resourceFieldValue(container, resource, divisor, {
        nodeName: "",
        hostIP: "",
        podIP: "",
        nodeAllocatable,
      });
    }
  } catch (error) {
    if (error instanceof EnvError) throw new VolumeError(`downward API file ${item.path}: ${error.message}`);
    throw error;
  }
  throw new VolumeError(`downward API file ${item.path} names neither fieldRef nor resourceFieldRef`);
}

function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(map[key])}`)
    .join("\n");
}

export function checkMode(mode: number): number {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw new VolumeError(`file mode ${mode} must be between 0 and 0777`);
  }
  return mode;
}
