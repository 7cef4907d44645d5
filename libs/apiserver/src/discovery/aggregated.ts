import type { ResourceType } from "@capstan/api";
import { type GroupVersions, RESOURCE_VERBS, resourcesOf, subresourceInfo } from "./catalog.js";

/** The two versions of apidiscovery.k8s.io that kubectl asks for (v2 first). */
export type AggregatedVersion = "v2" | "v2beta1";

/** The Content-Type an aggregated document must carry, or kubectl reads it as legacy and finds nothing. */
export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/**
 * The aggregated discovery document (apidiscovery.k8s.io APIGroupDiscoveryList) for the given groups:
 * `/api` passes the core group only, `/apis` the named groups. One request then tells a client every
 * resource, its verbs, short names, categories and subresources.
 */
export function aggregatedDiscovery(
  resources: readonly ResourceType[],
  groups: readonly GroupVersions[],
  version: AggregatedVersion,
): Record<string, unknown> {
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => ({
      metadata: group.group === "" ? {} : { name: group.group },
      versions: group.versions.map((groupVersion) => ({
        version: groupVersion,
        resources: resourcesOf(resources, group.group, groupVersion).map(resourceDiscovery),
        freshness: "Current",
      })),
    })),
  };
}

function resourceDiscovery(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.resource,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? "Namespaced" : "Cluster",
    singularResource: type.singular,
    verbs: [...RESOURCE_VERBS],
    ...(type.shortNames.length > 0 ? { shortNames: [...type.shortNames] } : {}),
    ...(type.categories.length > 0 ? { categories: [...type.categories] } : {}),
    ...(type.subresources.length > 0
      ? {
          subresources: [...type.subresources].sort().map((subresource) => {
            const info = subresourceInfo(type, subresource);
            return {
              subresource,
              responseKind: { group: info.group, version: info.version, kind: info.kind },
              verbs: [...info.verbs],
            };
          }),
        }
      : {}),
  };
}
