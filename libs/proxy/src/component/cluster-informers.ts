import { type Endpoints, EndpointsService, findKind, type Service, ServiceService } from "@capstan/api";
import type { Bus } from "@capstan/bus";
import {
  createFeedSource,
  createGrpcClient,
  createGrpcSource,
  createInformer,
  type GrpcTransport,
  type Informer,
} from "@capstan/client";
import type { Logger } from "@capstan/runtime";

/** The caches the proxy serves from. */
export interface ClusterInformers {
  readonly services: Informer<Service>;
  readonly endpoints: Informer<Endpoints>;
}

/**
 * Informers for Services and Endpoints in every namespace: over the NATS change feed when a bus is given
 * (no apiserver watch per node), else over gRPC List+Watch.
 */
export function createClusterInformers(
  transport: GrpcTransport,
  bus: Bus | undefined,
  logger: Logger,
): ClusterInformers {
  const services = createGrpcClient(ServiceService, transport);
  const endpoints = createGrpcClient(EndpointsService, transport);
  const serviceType = findKind("v1", "Service");
  const endpointsType = findKind("v1", "Endpoints");
  if (!serviceType || !endpointsType) throw new Error("the API has no v1 Service or Endpoints resource");
  return {
    services: createInformer<Service>({
      source: bus
        ? createFeedSource<Service>({ bus, type: serviceType, client: services })
        : createGrpcSource<Service>(services, { description: "services" }),
      logger,
      name: "informer services",
    }),
    endpoints: createInformer<Endpoints>({
      source: bus
        ? createFeedSource<Endpoints>({ bus, type: endpointsType, client: endpoints })
        : createGrpcSource<Endpoints>(endpoints, { description: "endpoints" }),
      logger,
      name: "informer endpoints",
    }),
  };
}
