import type { FieldPatchMeta, PatchMeta } from "./patch-meta.js";

/**
 * Kubernetes' patchStrategy/patchMergeKey tags for Capstan's types (k8s.io/api core/v1, apps/v1,
 * batch/v1, meta/v1). kubectl computes its patches from the same tags, so they must agree: a list that
 * is atomic in Kubernetes (tolerations, node taints, container statuses, envFrom, ...) stays atomic
 * here, because kubectl then sends the whole list and merging it by key would keep removed entries.
 */

const merge = (mergeKey?: string, fields?: Record<string, FieldPatchMeta>): FieldPatchMeta => ({
  strategy: ["merge"],
  mergeKey,
  fields,
});
const mergeRetainKeys = (mergeKey: string): FieldPatchMeta => ({
  strategy: ["merge", "retainKeys"],
  mergeKey,
});
const object = (fields: Record<string, FieldPatchMeta>): FieldPatchMeta => ({ fields });

const objectMeta = object({ finalizers: merge(), ownerReferences: merge("uid") });

const container: Record<string, FieldPatchMeta> = {
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
};

const podSpec = object({
  volumes: mergeRetainKeys("name"),
  initContainers: merge("name", container),
  containers: merge("name", container),
  ephemeralContainers: merge("name", container),
  imagePullSecrets: merge("name"),
  hostAliases: merge("ip"),
  topologySpreadConstraints: merge("topologyKey"),
  schedulingGates: merge("name"),
  resourceClaims: mergeRetainKeys("name"),
});

const podStatus = object({
  conditions: merge("type"),
  podIPs: merge("ip"),
  hostIPs: merge("ip"),
  resourceClaimStatuses: mergeRetainKeys("name"),
});

const podTemplate = object({ metadata: objectMeta, spec: podSpec });
const conditionsStatus = object({ conditions: merge("type") });

/** A kind whose only patch metadata is in ObjectMeta. */
const metadataOnly: PatchMeta = { fields: { metadata: objectMeta } };

const KINDS: Record<string, PatchMeta> = {
  Pod: { fields: { metadata: objectMeta, spec: podSpec, status: podStatus } },
  Deployment: {
    fields: {
      metadata: objectMeta,
      spec: object({ template: podTemplate, strategy: { strategy: ["retainKeys"] } }),
      status: conditionsStatus,
    },
  },
  ReplicaSet: {
    fields: { metadata: objectMeta, spec: object({ template: podTemplate }), status: conditionsStatus },
  },
  DaemonSet: {
    fields: { metadata: objectMeta, spec: object({ template: podTemplate }), status: conditionsStatus },
  },
  Job: {
    fields: { metadata: objectMeta, spec: object({ template: podTemplate }), status: conditionsStatus },
  },
  Service: {
    fields: { metadata: objectMeta, spec: object({ ports: merge("port") }), status: conditionsStatus },
  },
  Node: {
    fields: {
      metadata: objectMeta,
      spec: object({ podCIDRs: merge() }),
      status: object({ conditions: merge("type"), addresses: merge("type") }),
    },
  },
  Namespace: { fields: { metadata: objectMeta, status: conditionsStatus } },
  Endpoints: metadataOnly,
  Event: metadataOnly,
  ConfigMap: metadataOnly,
  Secret: metadataOnly,
  Lease: metadataOnly,
  Scale: metadataOnly,
  Binding: metadataOnly,
};

/**
 * The strategic merge patch metadata of one of Capstan's kinds, or undefined for a kind it does not know
 * (Kubernetes answers 415 to a strategic merge patch for such kinds; use a merge patch instead).
 */
export function kubernetesPatchMeta(kind: string): PatchMeta | undefined {
  return typeof kind === "string" && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}
