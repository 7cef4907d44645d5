import { type FieldError, fieldError } from "@capstan/apimachinery";
import { validateConfigKey } from "./value-rules.js";

/** ConfigMaps and Secrets hold at most 1 MiB of data (Kubernetes' MaxSecretSize). */
export const MAX_CONFIG_SIZE = 1024 * 1024;

/** Size in bytes of a string or binary value. */
function sizeOf(value: string | Uint8Array): number {
  return typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
}

/**
 * Checks the keys of the maps of a ConfigMap or Secret (`data[<key>]: Invalid value: ...`), that no key
 * appears in two of them, and that all values together fit in 1 MiB.
 */
export function validateConfigData(
  maps: Readonly<Record<string, Readonly<Record<string, string | Uint8Array>>>>,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const [mapName, values] of Object.entries(maps)) {
    for (const [key, value] of Object.entries(values)) {
      const path = `${mapName}[${key}]`;
      for (const problem of validateConfigKey(key)) errors.push(fieldError.invalid(path, key, problem));
      if (seen.has(key)) errors.push(fieldError.invalid(path, key, "duplicate of key present in data"));
      seen.add(key);
      size += sizeOf(value);
    }
  }
  if (size > MAX_CONFIG_SIZE)
    errors.push(fieldError.tooLong(Object.keys(maps)[0] ?? "data", "", MAX_CONFIG_SIZE));
  return errors;
}

/** What an immutable ConfigMap or Secret may not change. */
export interface ImmutableConfig {
  readonly immutable?: boolean | undefined;
  readonly maps: Readonly<Record<string, Readonly<Record<string, string | Uint8Array>>>>;
}

/** Once `immutable` is true, neither it nor the data may change. */
export function validateImmutableConfig(config: ImmutableConfig, old: ImmutableConfig): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  if (config.immutable !== true)
    errors.push(fieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
  for (const [mapName, values] of Object.entries(config.maps)) {
    if (!sameMap(values, old.maps[mapName] ?? {}))
      errors.push(fieldError.forbidden(mapName, "field is immutable when `immutable` is set"));
  }
  return errors;
}

function sameMap(
  a: Readonly<Record<string, string | Uint8Array>>,
  b: Readonly<Record<string, string | Uint8Array>>,
): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const left = a[key];
    const right = b[key];
    if (left === undefined || right === undefined) return false;
    if (typeof left === "string" || typeof right === "string") return left === right;
    return Buffer.from(left).equals(Buffer.from(right));
  });
}
