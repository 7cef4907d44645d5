import type { Message } from "@bufbuild/protobuf";
import type { Binding, Namespace, Pod, ResourceType, Scale } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { bindPod } from "./binding.js";
import type { ResourceContext } from "./context.js";
import { createObject } from "./create.js";
import { deleteObject } from "./delete.js";
import { deleteCollection } from "./delete-collection.js";
import { finalizeNamespace } from "./finalize.js";
import type { WriteResult } from "./guaranteed-update.js";
import { type ListPage, listObjects } from "./list.js";
import { isNamespaceType } from "./namespace-deletion.js";
import type {
  DeleteOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  WatchOptions,
  WriteOptions,
} from "./options.js";
import { type PatchRequest, type PatchResult, patchObject } from "./patch.js";
import { getScale, patchScale, updateScale } from "./scale.js";
import type { ResourceStrategy } from "./strategy.js";
import { updateObject, updateStatus } from "./update.js";
import { type RegistryWatchEvent, watchObjects } from "./watch.js";

/**
 * Every verb of one resource, independent of the transport: the REST handlers and the gRPC services call
 * these with typed messages and options, and get typed messages back or an ApiError thrown. `namespace` is
 * "" for cluster-scoped resources (and for lists and watches across all namespaces).
 */
export class ResourceRegistry<T extends Message = Message> {
  constructor(readonly context: ResourceContext<T>) {}

  get type(): ResourceType {
    return this.context.type;
  }

  get strategy(): ResourceStrategy<T> {
    return this.context.strategy;
  }

  /** Whether the resource has this subresource (status, scale, binding, log; finalize for namespaces). */
  has(subresource: string): boolean {
    if (subresource === "finalize") return isNamespaceType(this.type);
    return (this.type.subresources as readonly string[]).includes(subresource);
  }

  async get(namespace: string, name: string): Promise<T> {
    const stored = await this.context.storage.read(namespace, name);
    if (!stored) throw ApiError.notFound(this.context.storage.qualifiedResource, name);
    return stored.object;
  }

  list(namespace: string, options: ListOptions = {}): Promise<ListPage<T>> {
    return listObjects(this.context, namespace, options);
  }

  watch(
    namespace: string,
    options: WatchOptions = {},
    signal?: AbortSignal,
  ): Promise<AsyncIterable<RegistryWatchEvent<T>>> {
    return watchObjects(this.context, namespace, options, signal);
  }

  create(namespace: string, object: T, options: WriteOptions = {}): Promise<T> {
    return createObject(this.context, namespace, object, options);
  }

  update(namespace: string, name: string, object: T, options: WriteOptions = {}): Promise<WriteResult<T>> {
    return updateObject(this.context, namespace, name, object, options);
  }

  updateStatus(
    namespace: string,
    name: string,
    object: T,
    options: WriteOptions = {},
  ): Promise<WriteResult<T>> {
    this.#require("status", name);
    return updateStatus(this.context, namespace, name, object, options);
  }

  patch(
    namespace: string,
    name: string,
    patch: PatchRequest,
    options: PatchOptions = {},
  ): Promise<PatchResult<T>> {
    if (patch.subresource) this.#require(patch.subresource, name);
    return patchObject(this.context, namespace, name, patch, options);
  }

  delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<WriteResult<T>> {
    return deleteObject(this.context, namespace, name, options);
  }

  deleteCollection(
    namespace: string,
    listOptions: ListOptions = {},
    deleteOptions: DeleteOptions = {},
  ): Promise<T[]> {
    return deleteCollection(this.context, namespace, listOptions, deleteOptions);
  }

  getScale(namespace: string, name: string): Promise<Scale> {
    this.#require("scale", name);
    return getScale(this.context, namespace, name);
  }

  updateScale(namespace: string, name: string, scale: Scale, options: WriteOptions = {}): Promise<Scale> {
    this.#require("scale", name);
    return updateScale(this.context, namespace, name, scale, options);
  }

  patchScale(
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): Promise<Scale> {
    this.#require("scale", name);
    return patchScale(this.context, namespace, name, type, patch, options);
  }

  /** Binds a pod to a node (pods only). */
  bind(namespace: string, name: string, binding: Binding, options: WriteOptions = {}): Promise<Pod> {
    this.#require("binding", name);
    return bindPod(this.context as unknown as ResourceContext<Pod>, namespace, name, binding, options);
  }

  /** Replaces a namespace's spec.finalizers (namespaces only). */
  finalize(name: string, namespace: Namespace, options: WriteOptions = {}): Promise<WriteResult<Namespace>> {
    if (!isNamespaceType(this.type))
      throw ApiError.notFound(`${this.context.storage.qualifiedResource}/finalize`, name);
    return finalizeNamespace(this.context as unknown as ResourceContext<Namespace>, name, namespace, options);
  }

  #require(subresource: string, name: string): void {
    if (!this.has(subresource))
      throw ApiError.notFound(`${this.context.storage.qualifiedResource}/${subresource}`, name);
  }
}
