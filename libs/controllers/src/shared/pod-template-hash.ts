import { toJson } from "@bufbuild/protobuf";
import { type PodTemplateSpec, PodTemplateSpecSchema } from "@capstan/api";

/** Kubernetes' alphabet for generated names: no vowels (no words) and no look-alike characters. */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** JSON with object keys sorted at every level, so equal templates hash equally whatever the map order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The pod-template-hash of a template (Kubernetes' ComputeHash): FNV-1a over the template and the
 * collision count, its decimal digits mapped onto the safe alphabet, so names look like `web-7c9d8f5b6d`.
 */
export function podTemplateHash(
  template: PodTemplateSpec | undefined,
  collisionCount: number | undefined,
): string {
  const json = template ? stableJson(toJson(PodTemplateSpecSchema, template)) : "{}";
  const input = collisionCount === undefined ? json : `${json}#${collisionCount}`;
  const digits = String(fnv1a32(input));
  return [...digits].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join("");
}
