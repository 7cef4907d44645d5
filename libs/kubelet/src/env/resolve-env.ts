import type { Container, EnvVar, Pod, Secret } from "@capstan/api";
import { type ApiLookups, cachedLookups } from "./api-lookups.js";
import { EnvError } from "./env-error.js";
import { expandVariables } from "./expand.js";
import { type EnvContext, fieldRefValue, resourceFieldValue } from "./field-ref.js";
import { serviceEnv } from "./service-env.js";

/** Where the cluster's own `kubernetes` service lives; containers always get its variables. */
const MASTER_NAMESPACE = "default";
const MASTER_SERVICE = "kubernetes";

/**
 * Docker's env list (`NAME=value`) for one container, built as the kubelet does: envFrom sources in order
 * (with their prefix), then env entries in order, each value `$(VAR)`-expanded against what came before and
 * the service variables; valueFrom reads fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef. Service
 * variables (`enableServiceLinks`, default on; the `kubernetes` service always) fill in names nothing else set.
 * Throws {@link EnvError} naming what is missing when a required ConfigMap, Secret or key does not exist.
 */
export async function resolveEnv(
  pod: Pod,
  container: Container,
  context: EnvContext,
  lookups: ApiLookups,
): Promise<string[]> {
  const api = cachedLookups(lookups);
  const namespace = pod.metadata?.namespace || "default";
  const services = new Map(await serviceVariables(pod, namespace, api));
  const env = new Map<string, string>();

  for (const source of container.envFrom) {
    for (const [key, value] of await envFromSource(source, namespace, api)) {
      env.set(`${source.prefix}${key}`, value);
    }
  }
  const lookup = (name: string) => env.get(name) ?? services.get(name);
  for (const variable of container.env) {
    if (!variable.name) throw new EnvError(`container ${container.name}: an env entry has no name`);
    const value = variable.valueFrom
      ? await valueFrom(variable, pod, container, context, namespace, api)
      : expandVariables(variable.value, lookup);
    if (value !== undefined) env.set(variable.name, value);
  }
  for (const [name, value] of services) if (!env.has(name)) env.set(name, value);
  return [...env].map(([name, value]) => `${name}=${value}`);
}

async function serviceVariables(pod: Pod, namespace: string, api: ApiLookups): Promise<[string, string][]> {
  const links = pod.spec?.enableServiceLinks ?? true;
  const own = links ? await api.listServices(namespace) : [];
  const master =
    namespace === MASTER_NAMESPACE && links
      ? []
      : (await api.listServices(MASTER_NAMESPACE)).filter(
          (service) => service.metadata?.name === MASTER_SERVICE,
        );
  return serviceEnv([...own, ...master]);
}

/** The key/value pairs of one envFrom source; keys that cannot be variable names (with `=`) are skipped. */
async function envFromSource(
  source: Container["envFrom"][number],
  namespace: string,
  api: ApiLookups,
): Promise<[string, string][]> {
  if (source.configMapRef) {
    const { name, optional } = source.configMapRef;
    const configMap = await required(api.getConfigMap(namespace, name), "configmap", name, optional);
    return configMap ? usableKeys(Object.entries(configMap.data)) : [];
  }
  if (source.secretRef) {
    const { name, optional } = source.secretRef;
    const secret = await required(api.getSecret(namespace, name), "secret", name, optional);
    return secret ? usableKeys(Object.entries(secretData(secret))) : [];
  }
  return [];
}

function usableKeys(entries: [string, string][]): [string, string][] {
  return entries.filter(([key]) => key !== "" && !key.includes("="));
}

/** The value of a valueFrom entry; undefined when an optional source or key is missing (the variable is left out). */
async function valueFrom(
  variable: EnvVar,
  pod: Pod,
  container: Container,
  context: EnvContext,
  namespace: string,
  api: ApiLookups,
): Promise<string | undefined> {
  const from = variable.valueFrom;
  if (from?.fieldRef) return fieldRefValue(pod, from.fieldRef.fieldPath, context);
  if (from?.resourceFieldRef) {
    const { containerName, resource, divisor } = from.resourceFieldRef;
    if (containerName && containerName !== container.name) {
      throw new EnvError(`env ${variable.name}: resourceFieldRef may only name its own container`);
    }
    return resourceFieldValue(container, resource, divisor, context);
  }
  if (from?.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    const configMap = await required(api.getConfigMap(namespace, name), "configmap", name, optional);
    return keyOf(configMap?.data, key, optional, `ConfigMap ${namespace}/${name}`, configMap !== undefined);
  }
  if (from?.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    const secret = await required(api.getSecret(namespace, name), "secret", name, optional);
    return keyOf(
      secret && secretData(secret),
      key,
      optional,
      `Secret ${namespace}/${name}`,
      secret !== undefined,
    );
  }
  throw new EnvError(`env ${variable.name}: valueFrom names no source`);
}

async function required<T>(
  object: Promise<T | undefined>,
  kind: "configmap" | "secret",
  name: string,
  optional: boolean | undefined,
): Promise<T | undefined> {
  const found = await object;
  if (!found && !optional) throw new EnvError(`${kind} "${name}" not found`);
  return found;
}

function keyOf(
  data: Record<string, string> | undefined,
  key: string,
  optional: boolean | undefined,
  what: string,
  exists: boolean,
): string | undefined {
  const value = data?.[key];
  if (value === undefined && exists && !optional) throw new EnvError(`couldn't find key ${key} in ${what}`);
  return value;
}

/** A Secret's values as text (Secret data is bytes; stringData is write-only sugar an apiserver may leave). */
export function secretData(secret: Secret): Record<string, string> {
  const decoder = new TextDecoder();
  const data: Record<string, string> = { ...secret.stringData };
  for (const [key, value] of Object.entries(secret.data)) data[key] = decoder.decode(value);
  return data;
}
