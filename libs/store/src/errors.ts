import { StoreError } from "./store-error.js";

/** The StoreErrors both drivers raise, worded once. */
export const invalid = (message: string) => new StoreError("invalid", message);

export const storeClosed = (cause?: unknown) =>
  new StoreError("unavailable", "the store is closed", cause === undefined ? undefined : { cause });

export const keyExists = (key: string) => new StoreError("exists", `key ${key} already exists`);

export const keyNotFound = (key: string) => new StoreError("not-found", `key ${key} does not exist`);

export const revisionConflict = (key: string, actual: number | string, expected: number | undefined) =>
  new StoreError(
    "conflict",
    `key ${key} is at revision ${actual}, not the expected revision ${String(expected)}`,
  );

export const revisionCompacted = (revision: number, oldest: number) =>
  new StoreError("compacted", `revision ${revision} is compacted (the oldest kept revision is ${oldest})`);

export const futureRevision = (revision: number, current: number) =>
  new StoreError("future-revision", `revision ${revision} is newer than the current revision ${current}`);
