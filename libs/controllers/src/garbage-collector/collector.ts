import type { OwnerReference } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { keyOf, type ReconcileResult } from "@capstan/client";
import type { DependencyGraph } from "./dependency-graph.js";
import { type ApiObject, kindKey, type Propagation, type ResourceHandle } from "./resource-handles.js";

/** The finalizer of an owner deleted with propagationPolicy Orphan. */
export const ORPHAN_FINALIZER = "orphan";
/** The finalizer of an owner deleted with propagationPolicy Foreground. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";
/** How often an owner waiting for its dependents looks again, besides the dependents' own changes. */
const FOREGROUND_RECHECK_MS = 2_000;

/** An object known to the collector: which kind, and its cache key. */
interface Item {
  readonly handle: ResourceHandle;
  readonly key: string;
}

const isNotFound = (error: unknown) => ApiError.is(error, "NotFound");

/** Garbage collection over a set of resource handles and the dependency graph their informers feed. */
export class Collector {
  private readonly handles = new Map<string, ResourceHandle>();

  constructor(
    handles: readonly ResourceHandle[],
    private readonly graph: DependencyGraph,
  ) {
    for (const handle of handles) this.handles.set(handleKey(handle), handle);
  }

  /** The queue item of an object of this handle's kind. */
  static itemOf(handle: ResourceHandle, object: ApiObject): string {
    return `${handleKey(handle)}|${keyOf(object)}`;
  }

  /**
   * Makes one object right: an owner being deleted with the orphan or foregroundDeletion finalizer gets its
   * dependents released or deleted, then loses the finalizer; any other object whose owners are all gone
   * is deleted (background), and references to gone owners are dropped when some owner remains.
   */
  async reconcile(item: string): Promise<ReconcileResult | undefined> {
    const parsed = this.parse(item);
    if (!parsed) return undefined;
    const object = parsed.handle.informer.lister.get(parsed.key);
    if (!object?.metadata) return undefined;
    const meta = object.metadata;
    if (meta.deletionTimestamp && meta.finalizers.includes(ORPHAN_FINALIZER)) {
      await this.orphanDependents(parsed.handle, object);
      return undefined;
    }
    if (meta.deletionTimestamp && meta.finalizers.includes(FOREGROUND_FINALIZER)) {
      return this.deleteDependentsFirst(parsed.handle, object);
    }
    await this.collectIfOwnersGone(parsed.handle, object);
    return undefined;
  }

  private parse(item: string): Item | undefined {
    const bar = item.indexOf("|");
    const handle = this.handles.get(item.slice(0, bar));
    return bar < 0 || !handle ? undefined : { handle, key: item.slice(bar + 1) };
  }

  /** The dependents of `uid` still in the caches, with the reference that names the owner. */
  private dependents(uid: string): { item: Item; object: ApiObject; reference: OwnerReference }[] {
    const found = [];
    for (const name of this.graph.dependentsOf(uid)) {
      const item = this.parse(name);
      const object = item?.handle.informer.lister.get(item.key);
      const reference = object?.metadata?.ownerReferences.find((ref) => ref.uid === uid);
      if (item && object && reference) found.push({ item, object, reference });
    }
    return found;
  }

  private async orphanDependents(handle: ResourceHandle, owner: ApiObject): Promise<void> {
    const uid = owner.metadata?.uid ?? "";
    for (const { item } of this.dependents(uid)) {
      await this.rewrite(item, (meta) => {
        const kept = meta.ownerReferences.filter((reference) => reference.uid !== uid);
        if (kept.length === meta.ownerReferences.length) return false;
        meta.ownerReferences = kept;
        return true;
      });
    }
    await this.removeFinalizer(handle, owner, ORPHAN_FINALIZER);
  }

  /**
   * Foreground deletion: every dependent is deleted (blocking ones in the foreground too, so their own
   * dependents go first); the owner keeps its finalizer until no dependent that blocks it is left.
   */
  private async deleteDependentsFirst(
    handle: ResourceHandle,
    owner: ApiObject,
  ): Promise<ReconcileResult | undefined> {
    const dependents = this.dependents(owner.metadata?.uid ?? "");
    for (const { item, object, reference } of dependents) {
      if (object.metadata?.deletionTimestamp) continue;
      const propagation: Propagation = reference.blockOwnerDeletion ? "Foreground" : "Background";
      await this.deleteObject(item.handle, object, propagation);
    }
    if (dependents.some(({ reference }) => reference.blockOwnerDeletion === true)) {
      return { requeueAfter: FOREGROUND_RECHECK_MS };
    }
    await this.removeFinalizer(handle, owner, FOREGROUND_FINALIZER);
    return undefined;
  }

  private async collectIfOwnersGone(handle: ResourceHandle, object: ApiObject): Promise<void> {
    const meta = object.metadata;
    const references = meta?.ownerReferences ?? [];
    if (!meta || references.length === 0 || meta.deletionTimestamp) return;
    const gone = new Set<string>();
    for (const reference of references) {
      if (await this.ownerIsGone(meta.namespace, reference)) gone.add(reference.uid);
    }
    if (gone.size === 0) return;
    if (gone.size === references.length) {
      await this.deleteObject(handle, object, "Background");
      return;
    }
    await this.rewrite({ handle, key: keyOf(object) }, (next) => {
      next.ownerReferences = next.ownerReferences.filter((reference) => !gone.has(reference.uid));
      return true;
    });
  }

  /**
   * Whether the owner named by a reference no longer exists (or is a different object of the same name).
   * The cache may lag behind a just-created owner, so a miss is confirmed with a live read. Owners of kinds
   * the collector does not know are taken to exist, as Kubernetes leaves them alone.
   */
  private async ownerIsGone(namespace: string, reference: OwnerReference): Promise<boolean> {
    const handle = this.handles.get(kindKey(reference.apiVersion, reference.kind));
    if (!handle) return false;
    const ownerNamespace = handle.type.namespaced ? namespace : "";
    const key = ownerNamespace ? `${ownerNamespace}/${reference.name}` : reference.name;
    const cached = handle.informer.lister.get(key);
    if (cached?.metadata?.uid === reference.uid) return false;
    try {
      const live = await handle.get(ownerNamespace, reference.name);
      return live.metadata?.uid !== reference.uid;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  }

  private async deleteObject(handle: ResourceHandle, object: ApiObject, propagation: Propagation) {
    const meta = object.metadata;
    try {
      await handle.delete(meta?.namespace ?? "", meta?.name ?? "", meta?.uid ?? "", propagation);
    } catch (error) {
      // Gone already, or replaced by a new object of the same name (the uid precondition failed).
      if (!isNotFound(error) && !ApiError.is(error, "Conflict")) throw error;
    }
  }

  private async removeFinalizer(handle: ResourceHandle, object: ApiObject, finalizer: string) {
    const uid = object.metadata?.uid;
    await this.rewrite({ handle, key: keyOf(object) }, (meta) => {
      if (meta.uid !== uid || !meta.finalizers.includes(finalizer)) return false;
      meta.finalizers = meta.finalizers.filter((name) => name !== finalizer);
      return true;
    });
  }

  /**
   * Reads the object live, lets `change` edit a copy of its metadata (returning false when nothing is to
   * be done) and writes it back; a Conflict is thrown for the queue to retry, NotFound means done.
   */
  private async rewrite(item: Item, change: (meta: NonNullable<ApiObject["metadata"]>) => boolean) {
    const slash = item.key.indexOf("/");
    const namespace = slash < 0 ? "" : item.key.slice(0, slash);
    const name = item.key.slice(slash + 1);
    try {
      const next = item.handle.copy(await item.handle.get(namespace, name));
      if (!next.metadata || !change(next.metadata)) return;
      await item.handle.update(next);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function handleKey(handle: ResourceHandle): string {
  return kindKey(
    handle.type.group ? `${handle.type.group}/${handle.type.version}` : handle.type.version,
    handle.type.kind,
  );
}
