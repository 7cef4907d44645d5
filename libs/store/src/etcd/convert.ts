import type { IEvent, IKeyValue } from "etcd3";
import type { KeyValue, WatchEvent } from "../store.js";

/** etcd's int64 fields arrive as decimal strings; revisions stay well below 2^53. */
export function revisionOf(value: string | number | undefined): number {
  return Number(value ?? 0);
}

export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString("utf8"),
    value: kv.value,
    createRevision: revisionOf(kv.create_revision),
    modRevision: revisionOf(kv.mod_revision),
  };
}

/** A watch event; a deletion carries the last value (prev_kv) at the deletion's revision. */
export function toWatchEvent(event: IEvent): WatchEvent {
  if (event.type === "Delete") {
    const last = event.prev_kv;
    return {
      type: "delete",
      kv: {
        key: event.kv.key.toString("utf8"),
        value: last?.value ?? Buffer.alloc(0),
        createRevision: revisionOf(last?.create_revision),
        modRevision: revisionOf(event.kv.mod_revision),
      },
    };
  }
  const kv = toKeyValue(event.kv);
  return event.prev_kv ? { type: "put", kv, prevKv: toKeyValue(event.prev_kv) } : { type: "put", kv };
}
