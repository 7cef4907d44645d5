import type { KeyToPath, Volume } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  validateDns1123Label,
  validateDns1123Subdomain,
} from "@capstan/apimachinery";
import { volumeSourcesOf } from "./volume-sources.js";

const HOST_PATH_TYPES = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];
const STORAGE_MEDIA = ["", "HugePages", "Memory"];
const MAX_MODE = 0o777;

/** A path inside a volume: relative and without `..` segments. */
export function validateLocalPath(path: string, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (path.startsWith("/")) errors.push(fieldError.invalid(field, path, "must be a relative path"));
  if (path.split("/").includes("..")) errors.push(fieldError.invalid(field, path, "must not contain '..'"));
  return errors;
}

function validateMode(mode: number | undefined, field: string): FieldError[] {
  return mode !== undefined && (mode < 0 || mode > MAX_MODE)
    ? [fieldError.invalid(field, mode, "must be a number between 0 and 0777 (octal), both inclusive")]
    : [];
}

function validateItems(items: readonly KeyToPath[], path: string): FieldError[] {
  return items.flatMap((item, index) => {
    const at = `${path}.items[${index}]`;
    const errors: FieldError[] = [];
    if (item.key === "") errors.push(fieldError.required(`${at}.key`));
    if (item.path === "") errors.push(fieldError.required(`${at}.path`));
    else errors.push(...validateLocalPath(item.path, `${at}.path`));
    errors.push(...validateMode(item.mode, `${at}.mode`));
    return errors;
  });
}

function requireName(value: string, field: string): FieldError[] {
  if (value === "") return [fieldError.required(field)];
  return validateDns1123Subdomain(value).map((problem) => fieldError.invalid(field, value, problem));
}

function validateSource(volume: Volume, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (volume.hostPath) {
    if (volume.hostPath.path === "") errors.push(fieldError.required(`${path}.hostPath.path`));
    const type = volume.hostPath.type ?? "";
    if (!HOST_PATH_TYPES.includes(type))
      errors.push(fieldError.notSupported(`${path}.hostPath.type`, type, HOST_PATH_TYPES));
  }
  if (volume.emptyDir && !STORAGE_MEDIA.includes(volume.emptyDir.medium))
    errors.push(fieldError.notSupported(`${path}.emptyDir.medium`, volume.emptyDir.medium, STORAGE_MEDIA));
  if (volume.configMap) {
    errors.push(...requireName(volume.configMap.name, `${path}.configMap.name`));
    errors.push(...validateItems(volume.configMap.items, `${path}.configMap`));
    errors.push(...validateMode(volume.configMap.defaultMode, `${path}.configMap.defaultMode`));
  }
  if (volume.secret) {
    errors.push(...requireName(volume.secret.secretName, `${path}.secret.secretName`));
    errors.push(...validateItems(volume.secret.items, `${path}.secret`));
    errors.push(...validateMode(volume.secret.defaultMode, `${path}.secret.defaultMode`));
  }
  if (volume.persistentVolumeClaim && volume.persistentVolumeClaim.claimName === "")
    errors.push(fieldError.required(`${path}.persistentVolumeClaim.claimName`));
  if (volume.nfs) {
    if (volume.nfs.server === "") errors.push(fieldError.required(`${path}.nfs.server`));
    if (volume.nfs.path === "") errors.push(fieldError.required(`${path}.nfs.path`));
    else if (!volume.nfs.path.startsWith("/"))
      errors.push(fieldError.invalid(`${path}.nfs.path`, volume.nfs.path, "must be an absolute path"));
  }
  if (volume.downwardApi)
    errors.push(...validateMode(volume.downwardApi.defaultMode, `${path}.downwardAPI.defaultMode`));
  if (volume.projected)
    errors.push(...validateMode(volume.projected.defaultMode, `${path}.projected.defaultMode`));
  return errors;
}

/** Volumes: unique DNS-label names, exactly one source each, and the source's own fields. */
export function validateVolumes(volumes: readonly Volume[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  for (const [index, volume] of volumes.entries()) {
    const at = `${path}[${index}]`;
    if (volume.name === "") errors.push(fieldError.required(`${at}.name`));
    else {
      for (const problem of validateDns1123Label(volume.name))
        errors.push(fieldError.invalid(`${at}.name`, volume.name, problem));
      if (names.has(volume.name)) errors.push(fieldError.duplicate(`${at}.name`, volume.name));
      names.add(volume.name);
    }
    const sources = volumeSourcesOf(volume);
    if (sources.length === 0) errors.push(fieldError.required(at, "must specify a volume type"));
    else if (sources.length > 1)
      errors.push(fieldError.forbidden(at, "may not specify more than 1 volume type"));
    else errors.push(...validateSource(volume, at));
  }
  return errors;
}
