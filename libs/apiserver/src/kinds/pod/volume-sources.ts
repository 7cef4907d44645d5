import type { Volume } from "@capstan/api";

/** The source fields of a Volume, by their Kubernetes JSON names (a volume sets exactly one). */
export const VOLUME_SOURCES = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["configMap", "configMap"],
  ["secret", "secret"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["downwardApi", "downwardAPI"],
  ["projected", "projected"],
  ["nfs", "nfs"],
] as const satisfies readonly (readonly [keyof Volume, string])[];

/** The JSON names of the sources a volume sets. */
export function volumeSourcesOf(volume: Volume): string[] {
  return VOLUME_SOURCES.filter(([field]) => volume[field] !== undefined).map(([, jsonName]) => jsonName);
}
