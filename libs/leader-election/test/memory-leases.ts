import {
  type LeaseClient,
  LeaseConflictError,
  type LeaseRecord,
  type LeaseRef,
  type StoredLease,
} from "../src/index.js";

/** An in-memory {@link LeaseClient} with optimistic concurrency, and switches to make calls fail. */
export interface MemoryLeases extends LeaseClient {
  /** The stored record of a lease, if any. */
  peek(ref: LeaseRef): StoredLease | undefined;
  /** Writes a record directly, as another candidate would. */
  put(ref: LeaseRef, record: LeaseRecord): StoredLease;
  /** While true every call rejects, as with an unreachable apiserver. */
  failing: boolean;
  /** Number of get calls. */
  reads: number;
}

export function createMemoryLeases(): MemoryLeases {
  const store = new Map<string, StoredLease>();
  let revision = 0;
  const key = (ref: LeaseRef) => `${ref.namespace}/${ref.name}`;
  const write = (ref: LeaseRef, record: LeaseRecord): StoredLease => {
    revision += 1;
    const stored = { record, resourceVersion: String(revision) };
    store.set(key(ref), stored);
    return stored;
  };
  const leases: MemoryLeases = {
    failing: false,
    reads: 0,
    peek: (ref) => store.get(key(ref)),
    put: write,
    async get(ref) {
      leases.reads += 1;
      if (leases.failing) throw new Error("unreachable");
      return store.get(key(ref));
    },
    async create(ref, record) {
      if (leases.failing) throw new Error("unreachable");
      if (store.has(key(ref))) throw new LeaseConflictError("already exists");
      return write(ref, record);
    },
    async update(ref, record, resourceVersion) {
      if (leases.failing) throw new Error("unreachable");
      if (store.get(key(ref))?.resourceVersion !== resourceVersion) throw new LeaseConflictError("conflict");
      return write(ref, record);
    },
  };
  return leases;
}
