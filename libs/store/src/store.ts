/** One stored version of a key. Revisions are the store's global, monotonically increasing counter. */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision at which this key was (last) created. */
  readonly createRevision: number;
  /** Revision of the change that produced this version (for a deletion event: the deletion's revision). */
  readonly modRevision: number;
}

export interface GetOptions {
  /** Read the key as it was at this revision; 0 or absent means the latest. */
  revision?: number;
}

export interface ListOptions {
  /** Only keys starting with this prefix (use a trailing "/" to scope a directory). */
  prefix: string;
  /** Read as of this revision; 0 or absent means the latest. Fails with "compacted" when too old. */
  revision?: number;
  /** At most this many items; 0 or absent means no limit. */
  limit?: number;
  /** Start strictly after this key (pagination); must lie inside the prefix. */
  startAfter?: string;
}

export interface ListResult {
  readonly items: KeyValue[];
  /** The revision the list was read at: pass it back (with startAfter) to read the next page consistently. */
  readonly revision: number;
  /** True when keys remain after the last item returned. */
  readonly more: boolean;
}

export type WatchEvent =
  | { readonly type: "put"; readonly kv: KeyValue; readonly prevKv?: KeyValue }
  | {
      readonly type: "delete";
      /** The last value the key held, with modRevision set to the deletion's revision. */
      readonly kv: KeyValue;
    };

export interface WatchOptions {
  /** Keys starting with this prefix. */
  prefix: string;
  /** Deliver every change with a revision strictly greater than this one, in revision order. */
  afterRevision: number;
  /** Ends the watch; the iterator then returns. */
  signal: AbortSignal;
}

/**
 * The revisioned key-value store behind the apiserver (in the spirit of kine's Backend). Every driver
 * passes the same conformance suite. Failures are StoreErrors with a code.
 */
export interface Store {
  readonly driver: string;
  get(key: string, options?: GetOptions): Promise<KeyValue | undefined>;
  list(options: ListOptions): Promise<ListResult>;
  /** Creates the key only if absent; "exists" otherwise. */
  create(key: string, value: Uint8Array): Promise<KeyValue>;
  /** Replaces the value only if the key's modRevision is `expectedRevision`; "conflict" or "not-found" otherwise. */
  update(key: string, value: Uint8Array, expectedRevision: number): Promise<KeyValue>;
  /**
   * Deletes the key, only if its modRevision is `expectedRevision` when one is given. Returns the deleted
   * value with modRevision set to the deletion's revision.
   */
  delete(key: string, expectedRevision?: number): Promise<KeyValue>;
  /** Changes after a revision, batched in revision order. Throws "compacted" when that history is gone. */
  watch(options: WatchOptions): AsyncIterable<WatchEvent[]>;
  currentRevision(): Promise<number>;
  /** The oldest revision still readable (history before it was compacted away). */
  compactedRevision(): Promise<number>;
  /** Drops history older than `revision`: reads and watches before it then fail with "compacted". */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
