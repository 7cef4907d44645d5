import type { ConfigMap, Secret, Service } from "@capstan/api";

/** The API objects env and volumes read; K implements them over gRPC Get/List or informer caches. */
export interface ApiLookups {
  /** undefined when the ConfigMap does not exist. */
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  /** undefined when the Secret does not exist. */
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
  /** The services of a namespace, for the service environment variables. */
  listServices(namespace: string): Promise<Service[]>;
}

/** One pod start's view of the lookups: each ConfigMap and Secret is read once. */
export function cachedLookups(lookups: ApiLookups): ApiLookups {
  const configMaps = new Map<string, Promise<ConfigMap | undefined>>();
  const secrets = new Map<string, Promise<Secret | undefined>>();
  const services = new Map<string, Promise<Service[]>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
    let value = cache.get(key);
    if (!value) {
      value = read();
      cache.set(key, value);
    }
    return value;
  };
  return {
    getConfigMap: (ns, name) => once(configMaps, `${ns}/${name}`, () => lookups.getConfigMap(ns, name)),
    getSecret: (ns, name) => once(secrets, `${ns}/${name}`, () => lookups.getSecret(ns, name)),
    listServices: (ns) => once(services, ns, () => lookups.listServices(ns)),
  };
}
