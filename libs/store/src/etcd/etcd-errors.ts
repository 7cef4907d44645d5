import { StoreError } from "../store-error.js";

/** etcd reports these conditions only through the error text. */
const BY_MESSAGE: [RegExp, StoreError["code"]][] = [
  [/required revision has been compacted/, "compacted"],
  [/required revision is a future revision/, "future-revision"],
  [/request is too large|larger than max/, "invalid"],
];

/** Maps a failure of an etcd call to a StoreError; anything unrecognised means etcd is unavailable. */
export function toStoreError(error: unknown, operation: string): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1] ?? "unavailable";
  return new StoreError(code, `etcd ${operation} failed: ${message}`, { cause: error });
}
