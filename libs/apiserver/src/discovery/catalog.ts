import type { ResourceType, Subresource } from "@capstan/api";

/** The verbs every Capstan resource serves (the registry implements all of them for every kind). */
export const RESOURCE_VERBS: readonly string[] = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/** What one subresource serves and which kind its body is. */
export interface SubresourceInfo {
  readonly verbs: readonly string[];
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * The kind each subresource answers with and its verbs, as the Kubernetes apiserver advertises them:
 * `status` is the object itself, `scale` is autoscaling/v1 Scale, `binding` is core/v1 Binding, and `log`
 * is plain text that discovery describes as the Pod.
 */
export function subresourceInfo(type: ResourceType, subresource: Subresource): SubresourceInfo {
  switch (subresource) {
    case "status":
      return { verbs: ["get", "patch", "update"], group: type.group, version: type.version, kind: type.kind };
    case "scale":
      return { verbs: ["get", "patch", "update"], group: "autoscaling", version: "v1", kind: "Scale" };
    case "binding":
      return { verbs: ["create"], group: "", version: "v1", kind: "Binding" };
    case "log":
      return { verbs: ["get"], group: "", version: "v1", kind: "Pod" };
  }
}

/** A group and the versions it serves, most preferred first. */
export interface GroupVersions {
  readonly group: string;
  readonly versions: readonly string[];
}

/** The groups of a resource table in order of first appearance (core group "" included), with their versions. */
export function groupsOf(resources: readonly ResourceType[]): GroupVersions[] {
  const versionsByGroup = new Map<string, string[]>();
  for (const type of resources) {
    const versions = versionsByGroup.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    versionsByGroup.set(type.group, versions);
  }
  return [...versionsByGroup].map(([group, versions]) => ({ group, versions }));
}

/** The resources of one group-version, sorted by plural name as the Kubernetes apiserver lists them. */
export function resourcesOf(
  resources: readonly ResourceType[],
  group: string,
  version: string,
): ResourceType[] {
  return resources
    .filter((type) => type.group === group && type.version === version)
    .sort((a, b) => a.resource.localeCompare(b.resource));
}
