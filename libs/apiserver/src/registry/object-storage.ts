import type { Message } from "@bufbuild/protobuf";
import { apiVersionOf, decodeObject, encodeObject, type ResourceType } from "@capstan/api";
import type { KeyValue, Store } from "@capstan/store";
import { metaOf } from "./object-meta.js";
import { storeErrorToApiError } from "./store-errors.js";

const TEXT_ENCODER = new TextEncoder();
const TEXT_DECODER = new TextDecoder();

/** An object read from the store, with the revision it was read at. */
export interface StoredObject<T> {
  readonly object: T;
  readonly kv: KeyValue;
}

/**
 * One resource's view of the store: key layout (`/registry/<resource>/<namespace>/<name>`), and the
 * stored encoding of objects: their Kubernetes JSON form (docs/adr/0002), with resourceVersion, apiVersion
 * and kind left out of the stored bytes and filled in on every read.
 */
export class ObjectStorage<T extends Message> {
  /** `/registry/<resource>/`. */
  readonly root: string;
  readonly #apiVersion: string;
  /** Objects decoded from watch-cache values, shared by every watcher of the resource. */
  readonly #shared = new WeakMap<KeyValue, T>();

  constructor(
    readonly type: ResourceType,
    readonly store: Store,
  ) {
    this.root = `/registry/${type.resource}/`;
    this.#apiVersion = apiVersionOf(type);
  }

  /** The group-qualified plural used in error messages (`deployments.apps`, `pods`). */
  get qualifiedResource(): string {
    return this.type.group ? `${this.type.resource}.${this.type.group}` : this.type.resource;
  }

  /** The key of one object; `namespace` is ignored for cluster-scoped resources. */
  key(namespace: string, name: string): string {
    return this.type.namespaced ? `${this.root}${namespace}/${name}` : `${this.root}${name}`;
  }

  /** The key prefix of a list: one namespace, or everything when `namespace` is empty. */
  prefix(namespace: string): string {
    return this.type.namespaced && namespace ? `${this.root}${namespace}/` : this.root;
  }

  /** Decodes stored bytes, setting resourceVersion (the key's revision), apiVersion and kind. */
  decode(kv: KeyValue): T {
    const json: unknown = JSON.parse(TEXT_DECODER.decode(kv.value));
    // Stored objects were validated on the way in; fields a newer version wrote are dropped, not refused.
    const object = decodeObject(this.type.schema, json, { unknownFields: "ignore" }).message as T;
    return this.identify(object, kv.modRevision);
  }

  /**
   * Decodes a value once for all watchers that receive it. The result is shared: callers must not
   * change it.
   */
  decodeShared(kv: KeyValue): T {
    let object = this.#shared.get(kv);
    if (!object) {
      object = this.decode(kv);
      this.#shared.set(kv, object);
    }
    return object;
  }

  /** Encodes an object for storage, without resourceVersion, apiVersion and kind. */
  encode(object: T): Uint8Array {
    const kube = object as unknown as { apiVersion: string; kind: string };
    const meta = metaOf(object);
    const saved = { apiVersion: kube.apiVersion, kind: kube.kind, resourceVersion: meta.resourceVersion };
    kube.apiVersion = "";
    kube.kind = "";
    meta.resourceVersion = "";
    try {
      return TEXT_ENCODER.encode(JSON.stringify(encodeObject(this.type.schema, object)));
    } finally {
      kube.apiVersion = saved.apiVersion;
      kube.kind = saved.kind;
      meta.resourceVersion = saved.resourceVersion;
    }
  }

  /** Sets apiVersion, kind and resourceVersion (none for revision 0) on an object about to be returned. */
  identify(object: T, revision: number): T {
    const kube = object as unknown as { apiVersion: string; kind: string };
    kube.apiVersion = this.#apiVersion;
    kube.kind = this.type.kind;
    metaOf(object).resourceVersion = revision > 0 ? String(revision) : "";
    return object;
  }

  async read(namespace: string, name: string): Promise<StoredObject<T> | undefined> {
    const kv = await this.#call(name, () => this.store.get(this.key(namespace, name)));
    return kv ? { object: this.decode(kv), kv } : undefined;
  }

  async create(namespace: string, name: string, object: T): Promise<T> {
    const kv = await this.#call(name, () =>
      this.store.create(this.key(namespace, name), this.encode(object)),
    );
    return this.identify(object, kv.modRevision);
  }

  /** Compare-and-swap: fails with 409 Conflict unless the key is still at `expectedRevision`. */
  async update(namespace: string, name: string, object: T, expectedRevision: number): Promise<T> {
    const key = this.key(namespace, name);
    const kv = await this.#call(name, () => this.store.update(key, this.encode(object), expectedRevision));
    return this.identify(object, kv.modRevision);
  }

  /** Deletes the key if still at `expectedRevision`; returns the last state with the deletion's revision. */
  async delete(namespace: string, name: string, expectedRevision: number): Promise<T> {
    const kv = await this.#call(name, () => this.store.delete(this.key(namespace, name), expectedRevision));
    return this.decode(kv);
  }

  async #call<R>(name: string, operation: () => Promise<R>): Promise<R> {
    try {
      return await operation();
    } catch (error) {
      throw storeErrorToApiError(error, this.qualifiedResource, name);
    }
  }
}
