import { DaemonSetListSchema, DaemonSetSchema } from "./gen/capstan/apps/v1/daemon_set_pb.js";
import { DeploymentListSchema, DeploymentSchema } from "./gen/capstan/apps/v1/deployment_pb.js";
import { ReplicaSetListSchema, ReplicaSetSchema } from "./gen/capstan/apps/v1/replica_set_pb.js";
import { JobListSchema, JobSchema } from "./gen/capstan/batch/v1/job_pb.js";
import { LeaseListSchema, LeaseSchema } from "./gen/capstan/coordination/v1/lease_pb.js";
import { ConfigMapListSchema, ConfigMapSchema } from "./gen/capstan/core/v1/config_map_pb.js";
import { EndpointsListSchema, EndpointsSchema } from "./gen/capstan/core/v1/endpoints_pb.js";
import { EventListSchema, EventSchema } from "./gen/capstan/core/v1/event_pb.js";
import { NamespaceListSchema, NamespaceSchema } from "./gen/capstan/core/v1/namespace_pb.js";
import { NodeListSchema, NodeSchema } from "./gen/capstan/core/v1/node_pb.js";
import { PodListSchema, PodSchema } from "./gen/capstan/core/v1/pod_pb.js";
import { SecretListSchema, SecretSchema } from "./gen/capstan/core/v1/secret_pb.js";
import { ServiceListSchema, ServiceSchema } from "./gen/capstan/core/v1/service_pb.js";
import { apiVersionOf, type ResourceType } from "./resource-type.js";

type Entry = Omit<ResourceType, "listKind" | "shortNames" | "categories" | "subresources"> &
  Partial<Pick<ResourceType, "shortNames" | "categories" | "subresources">>;

function resource(entry: Entry): ResourceType {
  return Object.freeze({
    shortNames: [],
    categories: [],
    subresources: [],
    ...entry,
    listKind: `${entry.kind}List`,
  });
}

const core = { group: "", version: "v1" } as const;
const apps = { group: "apps", version: "v1" } as const;
const batch = { group: "batch", version: "v1" } as const;
const coordination = { group: "coordination.k8s.io", version: "v1" } as const;
const all = ["all"];

/**
 * Every resource Capstan serves, with the names, scope, short names, categories and subresources
 * Kubernetes gives them. (Scale and Binding are subresource bodies, not stored resources: see
 * ScaleSchema and BindingSchema.)
 */
export const resources: readonly ResourceType[] = Object.freeze([
  resource({
    ...core,
    kind: "Namespace",
    resource: "namespaces",
    singular: "namespace",
    namespaced: false,
    shortNames: ["ns"],
    subresources: ["status"],
    schema: NamespaceSchema,
    listSchema: NamespaceListSchema,
  }),
  resource({
    ...core,
    kind: "Pod",
    resource: "pods",
    singular: "pod",
    namespaced: true,
    shortNames: ["po"],
    categories: all,
    subresources: ["status", "binding", "log"],
    schema: PodSchema,
    listSchema: PodListSchema,
  }),
  resource({
    ...core,
    kind: "Node",
    resource: "nodes",
    singular: "node",
    namespaced: false,
    shortNames: ["no"],
    subresources: ["status"],
    schema: NodeSchema,
    listSchema: NodeListSchema,
  }),
  resource({
    ...core,
    kind: "Service",
    resource: "services",
    singular: "service",
    namespaced: true,
    shortNames: ["svc"],
    categories: all,
    subresources: ["status"],
    schema: ServiceSchema,
    listSchema: ServiceListSchema,
  }),
  resource({
    ...core,
    kind: "Endpoints",
    resource: "endpoints",
    singular: "endpoints",
    namespaced: true,
    shortNames: ["ep"],
    schema: EndpointsSchema,
    listSchema: EndpointsListSchema,
  }),
  resource({
    ...core,
    kind: "Event",
    resource: "events",
    singular: "event",
    namespaced: true,
    shortNames: ["ev"],
    schema: EventSchema,
    listSchema: EventListSchema,
  }),
  resource({
    ...core,
    kind: "ConfigMap",
    resource: "configmaps",
    singular: "configmap",
    namespaced: true,
    shortNames: ["cm"],
    schema: ConfigMapSchema,
    listSchema: ConfigMapListSchema,
  }),
  resource({
    ...core,
    kind: "Secret",
    resource: "secrets",
    singular: "secret",
    namespaced: true,
    schema: SecretSchema,
    listSchema: SecretListSchema,
  }),
  resource({
    ...apps,
    kind: "Deployment",
    resource: "deployments",
    singular: "deployment",
    namespaced: true,
    shortNames: ["deploy"],
    categories: all,
    subresources: ["status", "scale"],
    schema: DeploymentSchema,
    listSchema: DeploymentListSchema,
  }),
  resource({
    ...apps,
    kind: "ReplicaSet",
    resource: "replicasets",
    singular: "replicaset",
    namespaced: true,
    shortNames: ["rs"],
    categories: all,
    subresources: ["status", "scale"],
    schema: ReplicaSetSchema,
    listSchema: ReplicaSetListSchema,
  }),
  resource({
    ...apps,
    kind: "DaemonSet",
    resource: "daemonsets",
    singular: "daemonset",
    namespaced: true,
    shortNames: ["ds"],
    categories: all,
    subresources: ["status"],
    schema: DaemonSetSchema,
    listSchema: DaemonSetListSchema,
  }),
  resource({
    ...batch,
    kind: "Job",
    resource: "jobs",
    singular: "job",
    namespaced: true,
    categories: all,
    subresources: ["status"],
    schema: JobSchema,
    listSchema: JobListSchema,
  }),
  resource({
    ...coordination,
    kind: "Lease",
    resource: "leases",
    singular: "lease",
    namespaced: true,
    schema: LeaseSchema,
    listSchema: LeaseListSchema,
  }),
]);

const byResource = new Map(resources.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
const byKind = new Map(resources.map((r) => [`${apiVersionOf(r)}/${r.kind}`, r]));

/** The resource served at /apis/<group>/<version>/<resource> (group "" for /api/v1); undefined if none. */
export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return byResource.get(`${group}/${version}/${resource}`);
}

/** The resource of an object's apiVersion ("v1", "apps/v1") and kind ("Pod"); undefined if none. */
export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}
