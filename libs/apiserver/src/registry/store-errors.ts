import { ApiError } from "@capstan/apimachinery";
import { StoreError } from "@capstan/store";

/**
 * Turns a store failure into the API error a client understands. `resource` is the group-qualified
 * plural (`deployments.apps`) used in Kubernetes' messages.
 */
export function storeErrorToApiError(error: unknown, resource: string, name: string): ApiError {
  if (!(error instanceof StoreError)) return ApiError.from(error);
  switch (error.code) {
    case "exists":
      return ApiError.alreadyExists(resource, name);
    case "conflict":
      return ApiError.conflict(resource, name);
    case "not-found":
      return ApiError.notFound(resource, name);
    case "compacted":
      return ApiError.gone(`The resourceVersion for the provided list is too old: ${error.message}`);
    case "future-revision":
      return ApiError.timeout(`Too large resource version: ${error.message}`, 1);
    case "unavailable":
      return ApiError.serviceUnavailable(`the store is unavailable: ${error.message}`);
    case "invalid":
      return ApiError.badRequest(error.message);
  }
}
