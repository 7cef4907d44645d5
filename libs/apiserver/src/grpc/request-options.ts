import type { DeleteOptions as DeleteOptionsMessage, ListRequest, WatchRequest } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { DeleteOptions, ListOptions, PropagationPolicy, WatchOptions } from "../registry/options.js";

const POLICIES: readonly PropagationPolicy[] = ["Orphan", "Background", "Foreground"];

/** ListRequest → the registry's list options (the same rules as the REST query parameters). */
export function listOptionsOf(request: ListRequest): ListOptions {
  if (request.limit < 0n) throw ApiError.badRequest(`limit must not be negative, got ${request.limit}`);
  if (request.limit > BigInt(Number.MAX_SAFE_INTEGER)) throw ApiError.badRequest("limit is too large");
  return {
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
    limit: Number(request.limit),
    continue: request.continue,
    resourceVersion: request.resourceVersion,
  };
}

/** WatchRequest → the registry's watch options. */
export function watchOptionsOf(request: WatchRequest): WatchOptions {
  return {
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
    resourceVersion: request.resourceVersion,
    allowWatchBookmarks: request.allowBookmarks,
  };
}

/** The DeleteOptions message → the registry's delete options; bad values are BadRequest. */
export function deleteOptionsOf(options: DeleteOptionsMessage | undefined): DeleteOptions {
  if (!options) return {};
  const dryRun = options.dryRun;
  if (dryRun.some((value) => value !== "All")) {
    throw ApiError.badRequest(`dryRun: only "All" is supported, got ${JSON.stringify(dryRun)}`);
  }
  let propagationPolicy = options.propagationPolicy as PropagationPolicy | undefined;
  if (propagationPolicy !== undefined && !POLICIES.includes(propagationPolicy)) {
    throw ApiError.badRequest(
      `propagationPolicy: must be one of ${POLICIES.join(", ")}, got ${JSON.stringify(options.propagationPolicy)}`,
    );
  }
  if (options.orphanDependents !== undefined) {
    if (propagationPolicy !== undefined) {
      throw ApiError.badRequest("orphanDependents and propagationPolicy cannot both be set");
    }
    propagationPolicy = options.orphanDependents ? "Orphan" : "Background";
  }
  const grace = options.gracePeriodSeconds;
  if (grace !== undefined && (grace < 0n || grace > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw ApiError.badRequest(`gracePeriodSeconds must be >= 0, got ${grace}`);
  }
  const { uid, resourceVersion } = options.preconditions ?? {};
  return {
    dryRun: dryRun.length > 0,
    ...(grace === undefined ? {} : { gracePeriodSeconds: Number(grace) }),
    ...(propagationPolicy === undefined ? {} : { propagationPolicy }),
    ...(uid === undefined && resourceVersion === undefined
      ? {}
      : {
          preconditions: {
            ...(uid === undefined ? {} : { uid }),
            ...(resourceVersion === undefined ? {} : { resourceVersion }),
          },
        }),
  };
}
