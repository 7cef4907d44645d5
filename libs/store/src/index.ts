export { createEtcdStore, type EtcdStoreOptions } from "./etcd/etcd-store.js";
export type { StoreLogger } from "./logger.js";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export type {
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  WatchEvent,
  WatchOptions,
} from "./store.js";
export { StoreError, type StoreErrorCode } from "./store-error.js";
