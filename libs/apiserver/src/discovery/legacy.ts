import type { ResourceType } from "@capstan/api";
import { type GroupVersions, RESOURCE_VERBS, resourcesOf, subresourceInfo } from "./catalog.js";

/** `/api`: the core group's versions (meta/v1 APIVersions). */
export function apiVersions(core: GroupVersions | undefined): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: core ? [...core.versions] : [],
    serverAddressByClientCIDRs: [],
  };
}

/** `/apis/<group>`: one named group (meta/v1 APIGroup). */
export function apiGroup(group: GroupVersions): Record<string, unknown> {
  return { kind: "APIGroup", apiVersion: "v1", ...groupBody(group) };
}

/** `/apis`: every named group (meta/v1 APIGroupList); the core group is not listed here. */
export function apiGroupList(groups: readonly GroupVersions[]): Record<string, unknown> {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.filter((group) => group.group !== "").map(groupBody),
  };
}

function groupBody(group: GroupVersions): Record<string, unknown> {
  const versions = group.versions.map((version) => ({ groupVersion: `${group.group}/${version}`, version }));
  return { name: group.group, versions, preferredVersion: versions[0] };
}

/**
 * `/api/v1` and `/apis/<group>/<version>` (meta/v1 APIResourceList): each resource, then each of its
 * subresources as `<resource>/<subresource>` with the group and version of its body when that differs.
 */
export function apiResourceList(
  resources: readonly ResourceType[],
  group: string,
  version: string,
): Record<string, unknown> {
  const entries: Record<string, unknown>[] = [];
  for (const type of resourcesOf(resources, group, version)) {
    entries.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: [...RESOURCE_VERBS],
      ...(type.shortNames.length > 0 ? { shortNames: [...type.shortNames] } : {}),
      ...(type.categories.length > 0 ? { categories: [...type.categories] } : {}),
    });
    for (const subresource of [...type.subresources].sort()) {
      const info = subresourceInfo(type, subresource);
      const foreign = info.group !== group || info.version !== version;
      entries.push({
        name: `${type.resource}/${subresource}`,
        singularName: "",
        namespaced: type.namespaced,
        ...(foreign ? { group: info.group, version: info.version } : {}),
        kind: info.kind,
        verbs: [...info.verbs],
      });
    }
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: entries,
  };
}
