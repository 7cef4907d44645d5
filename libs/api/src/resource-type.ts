import type { DescMessage } from "@bufbuild/protobuf";

/** What a subresource of a resource is (the apiserver serves each one). */
export type Subresource = "status" | "scale" | "binding" | "log";

/**
 * Everything the apiserver, clients and discovery need to know about one Kubernetes resource:
 * its group/version/kind, its REST names, and the protobuf schemas of the object and of its list.
 */
export interface ResourceType {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Plural REST name, e.g. "pods". */
  readonly resource: string;
  /** Singular name, e.g. "pod". */
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** e.g. ["all"] for the resources `kubectl get all` shows. */
  readonly categories: readonly string[];
  readonly subresources: readonly Subresource[];
  /** The object's message (its JSON form is the Kubernetes JSON form). */
  readonly schema: DescMessage;
  /** The list's message (apiVersion, kind, metadata: ListMeta, items). */
  readonly listSchema: DescMessage;
}

/** "apps/v1", or "v1" for the core group. */
export function apiVersionOf(type: Pick<ResourceType, "group" | "version">): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}
