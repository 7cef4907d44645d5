import { clone, type DescMessage, type DescService, type Message } from "@bufbuild/protobuf";
import {
  ConfigMapService,
  DaemonSetService,
  DeploymentService,
  EndpointsService,
  findKind,
  JobService,
  LeaseService,
  NodeService,
  type ObjectMeta,
  PodService,
  ReplicaSetService,
  type ResourceType,
  SecretService,
  ServiceService,
} from "@capstan/api";
import type { Informer, KubeObject } from "@capstan/client";
import type { ControllerContext } from "../context.js";

/** Any resource object with the full generated metadata (owner references, finalizers, uid...). */
export type ApiObject = Message & KubeObject & { metadata?: ObjectMeta };

/** How a deletion propagates to dependents (DeleteOptions.propagationPolicy). */
export type Propagation = "Background" | "Foreground" | "Orphan";

/**
 * One resource kind as the garbage collector and the namespace controller see it: the reads and writes
 * they make, typed once over the generic object so they need no per-kind code.
 */
export interface ResourceClient {
  readonly type: ResourceType;
  get(namespace: string, name: string): Promise<ApiObject>;
  list(namespace: string): Promise<ApiObject[]>;
  update(object: ApiObject): Promise<ApiObject>;
  /** Deletes only the object with this uid (a precondition), propagating as told. */
  delete(namespace: string, name: string, uid: string, propagation: Propagation): Promise<void>;
  /** A deep copy to modify (cache objects are shared). */
  copy(object: ApiObject): ApiObject;
}

/** A resource client with the shared informer of its kind (what the garbage collector watches). */
export interface ResourceHandle extends ResourceClient {
  readonly informer: Informer<ApiObject>;
}

/** What every resource service has; the typed clients of @capstan/api's services all fit. */
interface GenericResourceClient {
  get(request: { namespace: string; name: string }): Promise<ApiObject>;
  list(request: { namespace: string }): Promise<{ items: ApiObject[] }>;
  update(object: ApiObject): Promise<ApiObject>;
  delete(request: {
    namespace: string;
    name: string;
    options: { preconditions: { uid: string }; propagationPolicy: string };
  }): Promise<unknown>;
}

/**
 * The kinds that own or depend on one another here (workloads and their pods, services and their
 * endpoints, config, leases owned by nodes): each with its service and kind name.
 */
/** A resource service with the apiVersion and kind of its objects. */
export type ResourceService = readonly [DescService, string, string];

/** The kinds the garbage collector watches. */
export const COLLECTED_RESOURCES: readonly ResourceService[] = [
  [PodService, "v1", "Pod"],
  [ReplicaSetService, "apps/v1", "ReplicaSet"],
  [DeploymentService, "apps/v1", "Deployment"],
  [DaemonSetService, "apps/v1", "DaemonSet"],
  [JobService, "batch/v1", "Job"],
  [ServiceService, "v1", "Service"],
  [EndpointsService, "v1", "Endpoints"],
  [ConfigMapService, "v1", "ConfigMap"],
  [SecretService, "v1", "Secret"],
  [LeaseService, "coordination.k8s.io/v1", "Lease"],
  [NodeService, "v1", "Node"],
];

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** The handle key of a kind: group and kind, any version (`apps/ReplicaSet`, `/Pod`). */
export function kindKey(apiVersion: string, kind: string): string {
  return `${groupOf(apiVersion)}/${kind}`;
}

/** Generic clients for these resource services (the context's shared typed clients underneath). */
export function createResourceClients(
  context: ControllerContext,
  services: readonly ResourceService[],
): ResourceClient[] {
  return services.map(([service, apiVersion, kind]) => {
    const type = findKind(apiVersion, kind);
    if (!type) throw new TypeError(`no resource ${apiVersion} ${kind}`);
    // Every resource service has the same Get/List/Update/Delete shape over its own message type.
    const client = context.client(service) as unknown as GenericResourceClient;
    return {
      type,
      get: (namespace, name) => client.get({ namespace, name }),
      list: async (namespace) => (await client.list({ namespace })).items,
      update: (object) => client.update(object),
      async delete(namespace, name, uid, propagation) {
        await client.delete({
          namespace,
          name,
          options: { preconditions: { uid }, propagationPolicy: propagation },
        });
      },
      copy: (object) => clone(type.schema as DescMessage, object) as ApiObject,
    };
  });
}

/** The handles of every collected kind, over the context's shared informers and clients. */
export function createResourceHandles(context: ControllerContext): ResourceHandle[] {
  return createResourceClients(context, COLLECTED_RESOURCES).map((client, index) => {
    const service = COLLECTED_RESOURCES[index]?.[0];
    if (!service) throw new TypeError("resource clients out of step with their services");
    return {
      ...client,
      informer: context.informers.forResource(service) as unknown as Informer<ApiObject>,
    };
  });
}
