import { create, type DescMessage, type DescService, type Message } from "@bufbuild/protobuf";
import {
  apiVersionOf,
  type DeleteRequest,
  type GetRequest,
  type ListRequest,
  type WatchRequest,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { GrpcServiceImplementation, HandlerContext } from "@capstan/client";
import { metaOf } from "../registry/object-meta.js";
import type { ResourceRegistry } from "../registry/resource-registry.js";
import { deleteOptionsOf, listOptionsOf, watchOptionsOf } from "./request-options.js";

/** Namespaced objects given without a namespace land in "default", as kubectl does. */
const DEFAULT_NAMESPACE = "default";

/**
 * The gRPC implementation of one resource's service (Get, List, Create, Update, UpdateStatus, Delete,
 * Watch) over its registry: the same validation, admission and errors as the REST API. Watch is a server
 * stream that ends when the client cancels or the server stops; an expired resourceVersion ends it with
 * OUT_OF_RANGE (Expired).
 */
export function resourceServiceImplementation(
  service: DescService,
  registry: ResourceRegistry,
  /** Aborts when the server stops: open watch streams then end cleanly. */
  stopping: AbortSignal,
): GrpcServiceImplementation<DescService> {
  const type = registry.type;
  const watchEventSchema = service.method.watch?.output;
  if (!watchEventSchema) throw new TypeError(`${service.typeName} has no Watch method`);

  const namespaceOf = (namespace: string): string => {
    if (!type.namespaced) return "";
    return namespace || DEFAULT_NAMESPACE;
  };
  const requireName = (name: string): string => {
    if (!name) throw ApiError.badRequest("name is required");
    return name;
  };
  const objectTarget = (object: Message) => {
    const { apiVersion, kind } = object as { apiVersion?: string; kind?: string };
    if ((apiVersion && apiVersion !== apiVersionOf(type)) || (kind && kind !== type.kind)) {
      throw ApiError.badRequest(
        `the object is ${apiVersion}/${kind}; this service takes ${apiVersionOf(type)}/${type.kind}`,
      );
    }
    const meta = metaOf(object);
    return { namespace: namespaceOf(meta.namespace), name: meta.name };
  };

  const implementation: Record<string, unknown> = {
    get: (request: GetRequest) => registry.get(namespaceOf(request.namespace), requireName(request.name)),
    async list(request: ListRequest) {
      const page = await registry.list(type.namespaced ? request.namespace : "", listOptionsOf(request));
      return create(type.listSchema as DescMessage, {
        apiVersion: apiVersionOf(type),
        kind: type.listKind,
        metadata: { resourceVersion: page.resourceVersion, continue: page.continue ?? "" },
        items: page.items,
      });
    },
    create(object: Message) {
      const { namespace } = objectTarget(object);
      return registry.create(namespace, object);
    },
    async update(object: Message) {
      const { namespace, name } = objectTarget(object);
      return (await registry.update(namespace, requireName(name), object)).object;
    },
    async updateStatus(object: Message) {
      const { namespace, name } = objectTarget(object);
      return (await registry.updateStatus(namespace, requireName(name), object)).object;
    },
    async delete(request: DeleteRequest) {
      const options = deleteOptionsOf(request.options);
      return (await registry.delete(namespaceOf(request.namespace), requireName(request.name), options))
        .object;
    },
    watch: (request: WatchRequest, context: HandlerContext) => watchEvents(request, context),
  };

  async function* watchEvents(request: WatchRequest, { signal }: HandlerContext) {
    const namespace = type.namespaced ? request.namespace : "";
    const events = await registry.watch(
      namespace,
      watchOptionsOf(request),
      AbortSignal.any([signal, stopping]),
    );
    for await (const event of events) {
      if (event.type === "ERROR") throw event.error;
      if (event.type === "BOOKMARK") {
        const marker = create(type.schema as DescMessage, {
          metadata: { resourceVersion: event.resourceVersion },
        });
        yield create(watchEventSchema as DescMessage, { type: "BOOKMARK", object: marker });
      } else {
        yield create(watchEventSchema as DescMessage, { type: event.type, object: event.object });
      }
    }
  }

  for (const method of service.methods) {
    if (!(method.localName in implementation)) {
      throw new TypeError(`${service.typeName}.${method.name}: no implementation over the registry`);
    }
  }
  return implementation as GrpcServiceImplementation<DescService>;
}
