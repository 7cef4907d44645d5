import { type KubeObject, keyOf, revisionOf } from "./object.js";

/** What changed in the cache, as handlers see it. */
export interface CacheChange<T extends KubeObject> {
  readonly type: "added" | "modified" | "deleted";
  /** The new state (for "deleted": the last state known). */
  readonly object: T;
  /** The state before a "modified" change. */
  readonly previous?: T;
}

/**
 * An informer's local copy of the objects, keyed `namespace/name`, with an index by namespace so listing one
 * namespace does not scan everything.
 */
export class ObjectCache<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly byNamespace = new Map<string, Set<string>>();

  get size(): number {
    return this.objects.size;
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  /** Objects of one namespace, or every object when `namespace` is undefined. */
  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.objects.values()];
    const keys = this.byNamespace.get(namespace);
    if (!keys) return [];
    return [...keys].map((key) => this.objects.get(key)).filter((object) => object !== undefined);
  }

  /** Stores an object (added or modified); returns the change, or undefined when nothing changed. */
  upsert(object: T): CacheChange<T> | undefined {
    const key = keyOf(object);
    const previous = this.objects.get(key);
    this.objects.set(key, object);
    if (!previous) {
      this.index(key, object);
      return { type: "added", object };
    }
    if (revisionOf(previous) === revisionOf(object) && revisionOf(object) !== "") return undefined;
    return { type: "modified", object, previous };
  }

  /** Removes an object; returns the change, or undefined when it was not cached. */
  remove(object: T): CacheChange<T> | undefined {
    const key = keyOf(object);
    const previous = this.objects.get(key);
    if (!previous) return undefined;
    this.objects.delete(key);
    const namespace = previous.metadata?.namespace ?? "";
    const keys = this.byNamespace.get(namespace);
    keys?.delete(key);
    if (keys?.size === 0) this.byNamespace.delete(namespace);
    return { type: "deleted", object };
  }

  /** Replaces the whole content (after a list); returns what changed compared to before. */
  replace(objects: readonly T[]): CacheChange<T>[] {
    const changes: CacheChange<T>[] = [];
    const seen = new Set<string>();
    for (const object of objects) {
      seen.add(keyOf(object));
      const change = this.upsert(object);
      if (change) changes.push(change);
    }
    for (const [key, object] of [...this.objects]) {
      if (seen.has(key)) continue;
      const change = this.remove(object);
      if (change) changes.push(change);
    }
    return changes;
  }

  private index(key: string, object: T): void {
    const namespace = object.metadata?.namespace ?? "";
    let keys = this.byNamespace.get(namespace);
    if (!keys) {
      keys = new Set();
      this.byNamespace.set(namespace, keys);
    }
    keys.add(key);
  }
}
