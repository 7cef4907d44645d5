import { ConfigMapService, SecretService, ServiceService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, type GrpcTransport } from "@capstan/client";
import type { ApiLookups } from "./api-lookups.js";

/** {@link ApiLookups} over the apiserver's gRPC services: a Get per object, a List per namespace's services. */
export function createGrpcLookups(transport: GrpcTransport): ApiLookups {
  const configMaps = createGrpcClient(ConfigMapService, transport);
  const secrets = createGrpcClient(SecretService, transport);
  const services = createGrpcClient(ServiceService, transport);
  return {
    getConfigMap: (namespace, name) => absentAsUndefined(configMaps.get({ namespace, name })),
    getSecret: (namespace, name) => absentAsUndefined(secrets.get({ namespace, name })),
    listServices: async (namespace) => (await services.list({ namespace })).items,
  };
}

async function absentAsUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (ApiError.is(error, "NotFound")) return undefined;
    throw error;
  }
}
