import { ApiError } from "@capstan/apimachinery";
import type { ApiRequest } from "../api-request.js";
import { handleDelete, handleDeleteCollection } from "./delete.js";
import { handleGet, handleList } from "./get.js";
import { handlePatch } from "./patch.js";
import { handleScaleUpdate } from "./scale.js";
import { handleBinding, handleCreate, handleUpdate } from "./write.js";

/** The Kubernetes verb of a request, for metrics and logs (`get`, `list`, `watch`, `create`, ...). */
export function verbOf(method: string, name: string | undefined, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return watch ? "watch" : name !== undefined ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return name !== undefined ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

/** Routes a resource request to its verb handler by method, name and subresource. */
export async function dispatch(request: ApiRequest, method: string): Promise<void> {
  const { name, subresource } = request.path;
  const resource = request.registry.type.resource;
  if (name === undefined) {
    if (method === "GET" || method === "HEAD") return handleList(request);
    if (method === "POST") return handleCreate(request);
    if (method === "DELETE") return handleDeleteCollection(request);
    throw ApiError.methodNotSupported(resource, method.toLowerCase());
  }
  if (method === "GET" || method === "HEAD") return handleGet(request, name);
  if (method === "PATCH") return handlePatch(request, name);
  if (subresource === undefined) {
    if (method === "PUT") return handleUpdate(request, name);
    if (method === "DELETE") return handleDelete(request, name);
  } else if (
    (subresource === "status" || subresource === "finalize") &&
    method === "PUT" &&
    request.registry.has(subresource)
  ) {
    return handleUpdate(request, name);
  } else if (subresource === "scale" && method === "PUT") {
    return handleScaleUpdate(request, name);
  } else if (subresource === "binding" && method === "POST" && request.registry.has("binding")) {
    return handleBinding(request, name);
  }
  if (subresource !== undefined && !request.registry.has(subresource)) {
    throw ApiError.notFound(`${resource}/${subresource}`, name);
  }
  throw ApiError.methodNotSupported(
    subresource ? `${resource}/${subresource}` : resource,
    method.toLowerCase(),
  );
}
