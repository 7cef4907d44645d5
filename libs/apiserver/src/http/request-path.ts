import { ApiError } from "@capstan/apimachinery";

/** A resource path under /api or /apis, split into its parts (`/apis/apps/v1/namespaces/ns/deployments/x/scale`). */
export interface ResourcePath {
  /** "" for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  /** Set for namespaced paths (`/namespaces/<ns>/<resource>`); absent for cluster-wide ones. */
  readonly namespace?: string;
  readonly resource: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** A path naming a group-version (or the group list) rather than a resource: answered by discovery. */
export interface GroupVersionPath {
  readonly group: string;
  readonly version?: string;
}

export type ParsedApiPath =
  | { readonly kind: "resource"; readonly path: ResourcePath }
  | { readonly kind: "discovery"; readonly path: GroupVersionPath };

/** Subresources of a namespace itself: `/api/v1/namespaces/<name>/status` names the namespace, not a resource. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/**
 * Splits a URL path under `/api` or `/apis` the way Kubernetes' RequestInfoFactory does. Returns undefined
 * for paths outside the API (the router answers those). Throws 400 for undecodable segments, 404 for
 * paths with too many segments.
 */
export function parseApiPath(pathname: string): ParsedApiPath | undefined {
  const parts = splitPath(pathname);
  const [prefix, ...rest] = parts;
  if (prefix === "api") return parseGroupVersionRest("", rest, pathname);
  if (prefix !== "apis") return undefined;
  const [group, ...afterGroup] = rest;
  if (group === undefined) return { kind: "discovery", path: { group: "" } };
  return parseGroupVersionRest(group, afterGroup, pathname);
}

function parseGroupVersionRest(group: string, rest: string[], pathname: string): ParsedApiPath {
  const [version, ...parts] = rest;
  if (version === undefined || parts.length === 0) return { kind: "discovery", path: { group, version } };
  let namespace: string | undefined;
  let remaining = parts;
  if (parts[0] === "namespaces" && parts.length > 1) {
    const [, ns = "", next] = parts;
    if (parts.length > 2 && next !== undefined && !NAMESPACE_SUBRESOURCES.has(next)) {
      namespace = ns;
      remaining = parts.slice(2);
    }
  }
  const [resource = "", name, subresource, extra] = remaining;
  if (extra !== undefined) throw notFound(pathname);
  return {
    kind: "resource",
    path: {
      group,
      version,
      resource,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(subresource !== undefined ? { subresource } : {}),
    },
  };
}

function splitPath(pathname: string): string[] {
  return pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw ApiError.badRequest(`malformed path segment ${JSON.stringify(segment)}`);
      }
    });
}

function notFound(pathname: string): ApiError {
  return new ApiError({
    code: 404,
    reason: "NotFound",
    message: `the server could not find the requested resource (${pathname})`,
  });
}
