/** `apiPort` -> `api-port`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `apiPort` -> `CAPSTAN_API_PORT` (with the default prefix). */
export function envName(key: string, prefix: string): string {
  const name = flagName(key).replaceAll("-", "_").toUpperCase();
  return prefix ? `${prefix}_${name}` : name;
}
