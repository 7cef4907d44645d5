/** Options of a list (the query parameters of `GET /.../pods`, and the gRPC ListRequest). */
export interface ListOptions {
  /** `app=web,tier in (a,b)`. */
  readonly labelSelector?: string;
  /** `metadata.name=x,status.phase!=Failed`. */
  readonly fieldSelector?: string;
  /** At most this many items per page; 0 or absent means all. */
  readonly limit?: number;
  /** The token of the previous page. */
  readonly continue?: string;
  /** "" or absent: the latest; "0": any; otherwise a revision (see resourceVersionMatch). */
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: "NotOlderThan" | "Exact";
}

/** Options of a watch (`?watch=1`, and the gRPC WatchRequest). */
export interface WatchOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Watch changes after this revision; "" or "0": first the current objects as ADDED events. */
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** Send the current objects first, then a bookmark marking their end (the watch-list protocol). */
  readonly sendInitialEvents?: boolean;
  /** End the watch after this many seconds. */
  readonly timeoutSeconds?: number;
}

/** Options every write takes. */
export interface WriteOptions {
  /** Run admission and validation but store nothing (`dryRun=All`). */
  readonly dryRun?: boolean;
  /** Who makes the change (`kubectl-client-side-apply`); recorded by server-side apply. */
  readonly fieldManager?: string;
}

/** Options of a patch. */
export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take fields owned by other managers. */
  readonly force?: boolean;
}

/** Who may still own the objects that depend on a deleted one. */
export type PropagationPolicy = "Orphan" | "Background" | "Foreground";

/** Options of a delete (the DeleteOptions body or query parameters). */
export interface DeleteOptions extends WriteOptions {
  /** Seconds before a graceful deletion completes; 0 deletes at once. */
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: PropagationPolicy;
}

/** The patch formats PATCH accepts (by Content-Type). */
export type PatchType = "json" | "merge" | "strategic" | "apply";
