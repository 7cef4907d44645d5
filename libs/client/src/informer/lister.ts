import { parseLabelSelector } from "@capstan/apimachinery";
import type { KubeObject } from "./object.js";
import type { ObjectCache } from "./object-cache.js";

/** Anything that can say whether a label set matches (e.g. a LabelSelector from @capstan/apimachinery). */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export interface ListerListOptions {
  /** Only this namespace; all namespaces when absent. */
  readonly namespace?: string;
  /** A selector string (`app=web,tier!=db`; bad syntax throws a BadRequest ApiError) or a parsed selector. */
  readonly labelSelector?: LabelMatcher | string;
}

/** Reads an informer's cache. Objects are shared with the cache: treat them as read-only (clone to modify). */
export interface Lister<T extends KubeObject> {
  /** By key (`namespace/name`, or `name` when cluster-scoped). */
  get(key: string): T | undefined;
  list(options?: ListerListOptions): T[];
}

/** A lister over a cache. */
export function createLister<T extends KubeObject>(cache: ObjectCache<T>): Lister<T> {
  return {
    get: (key) => cache.get(key),
    list(options = {}) {
      const objects = cache.list(options.namespace);
      const selector =
        typeof options.labelSelector === "string"
          ? parseLabelSelector(options.labelSelector)
          : options.labelSelector;
      if (!selector) return objects;
      return objects.filter((object) => selector.matches(object.metadata?.labels ?? {}));
    },
  };
}
