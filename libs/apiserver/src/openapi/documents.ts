import type { JsonObject, ResourceType } from "@capstan/api";
import { groupsOf, resourcesOf } from "../discovery/catalog.js";
import { groupVersionPrefix, resourcePaths } from "./operations.js";
import { SchemaCollector } from "./schemas.js";

/** The OpenAPI v3 document of one group-version, and the path kubectl knows it by (`apis/apps/v1`). */
export interface GroupVersionDocument {
  /** Key in the root document's `paths`: the URL path without the leading slash. */
  readonly key: string;
  readonly document: JsonObject;
}

/**
 * One OpenAPI v3 document per group-version of the resource table: the paths of every resource and
 * subresource (each `patch` operation names its group-version-kind and declares `fieldValidation`, which
 * is what makes kubectl validate on the server) and the schemas of their bodies.
 */
export function groupVersionDocuments(
  resources: readonly ResourceType[],
  version: string,
): GroupVersionDocument[] {
  const documents: GroupVersionDocument[] = [];
  for (const group of groupsOf(resources)) {
    for (const groupVersion of group.versions) {
      const types = resourcesOf(resources, group.group, groupVersion);
      const schemas = new SchemaCollector(types);
      const paths: Record<string, JsonObject> = {};
      for (const type of types) Object.assign(paths, resourcePaths(type, schemas));
      const prefix = groupVersionPrefix({ group: group.group, version: groupVersion });
      documents.push({
        key: prefix.slice(1),
        document: {
          openapi: "3.0.0",
          info: { title: "Capstan", version },
          paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
          components: { schemas: schemas.components() },
        },
      });
    }
  }
  return documents;
}
