import type { Secret } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";

/** Never echo secret contents in an error message. */
const REDACTED = "<secret contents redacted>";

function requireKeys(secret: Secret, keys: readonly string[]): FieldError[] {
  return keys
    .filter((key) => !secret.data[key]?.byteLength)
    .map((key) => fieldError.required(`data[${key}]`));
}

function requireJson(secret: Secret, key: string): FieldError[] {
  const value = secret.data[key];
  if (!value?.byteLength) return [fieldError.required(`data[${key}]`)];
  try {
    JSON.parse(Buffer.from(value).toString("utf8"));
    return [];
  } catch (error) {
    return [
      fieldError.invalid(`data[${key}]`, REDACTED, error instanceof Error ? error.message : "invalid JSON"),
    ];
  }
}

/**
 * The keys each well-known Secret type must carry, checked as Kubernetes does (Opaque and unknown types
 * carry anything).
 */
export function validateSecretType(secret: Secret): FieldError[] {
  switch (secret.type) {
    case "kubernetes.io/service-account-token":
      return secret.metadata?.annotations["kubernetes.io/service-account.name"]
        ? []
        : [fieldError.required("metadata.annotations[kubernetes.io/service-account.name]")];
    case "kubernetes.io/dockercfg":
      return requireJson(secret, ".dockercfg");
    case "kubernetes.io/dockerconfigjson":
      return requireJson(secret, ".dockerconfigjson");
    case "kubernetes.io/basic-auth":
      return secret.data.username?.byteLength || secret.data.password?.byteLength
        ? []
        : requireKeys(secret, ["username", "password"]);
    case "kubernetes.io/ssh-auth":
      return requireKeys(secret, ["ssh-privatekey"]);
    case "kubernetes.io/tls":
      return requireKeys(secret, ["tls.crt", "tls.key"]);
    default:
      return [];
  }
}
