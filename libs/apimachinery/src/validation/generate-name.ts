import { randomInt } from "node:crypto";
import { ApiError } from "../api-error.js";

/** Kubernetes' suffix alphabet: no vowels (no accidental words) and no look-alikes such as 0/o or 1/l. */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const SUFFIX_LENGTH = 5;
/** Names built from generateName stay DNS labels: 63 characters, of which 5 are the suffix. */
const MAX_GENERATED_NAME_LENGTH = 63 - SUFFIX_LENGTH;

/** Five random characters from Kubernetes' alphabet, as appended to `generateName`. */
export function generateNameSuffix(): string {
  let suffix = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return suffix;
}

/** `generateName` plus a random suffix, the prefix cut to 58 characters as Kubernetes does. */
export function generateName(prefix: string): string {
  if (typeof prefix !== "string") throw ApiError.badRequest("generateName must be a string");
  return `${prefix.slice(0, MAX_GENERATED_NAME_LENGTH)}${generateNameSuffix()}`;
}
