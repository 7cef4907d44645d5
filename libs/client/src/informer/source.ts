import type { KubeObject } from "./object.js";

/** A list: the objects and the revision (resourceVersion) it was read at. */
export interface SourceList<T extends KubeObject> {
  readonly items: readonly T[];
  readonly revision: string;
}

/** One change from a watch. BOOKMARK only moves the revision on. */
export interface SourceEvent<T extends KubeObject> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  readonly object: T;
}

/**
 * Where an informer gets its objects: a consistent list, then every change after the list's revision. The
 * gRPC List+Watch and the NATS change feed both fit. A watch that throws an Expired/Gone ApiError or breaks
 * makes the informer relist; a watch that ends cleanly is resumed from the last revision seen.
 */
export interface InformerSource<T extends KubeObject> {
  /** Names the source in logs (`grpc pods`, `feed pods node-1`). */
  readonly description: string;
  list(signal: AbortSignal): Promise<SourceList<T>>;
  /** Changes strictly after `revision`, in revision order, until `signal` aborts. */
  watch(revision: string, signal: AbortSignal): AsyncIterable<SourceEvent<T>>;
  /**
   * Objects the informer keeps (e.g. a label selector the source cannot filter on its own); an object that
   * stops matching is treated as deleted. Absent: every object.
   */
  matches?(object: T): boolean;
}
