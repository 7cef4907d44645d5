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
