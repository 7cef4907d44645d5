import { create, type Message } from "@bufbuild/protobuf";
import { type Timestamp, timestampDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type ObjectMeta, ObjectMetaSchema } from "@capstan/api";

/** What every top-level resource message has (all of proto/ follows this shape). */
export interface KubeObject extends Message {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

/** The object's metadata, created empty when absent so callers can always write to it. */
export function metaOf(object: Message): ObjectMeta {
  const kube = object as KubeObject;
  kube.metadata ??= create(ObjectMetaSchema);
  return kube.metadata;
}

/** The object's `metadata.name` ("" when unset). */
export function nameOf(object: Message): string {
  return (object as KubeObject).metadata?.name ?? "";
}

/** A timestamp at whole seconds, as Kubernetes stores metadata times. */
export function wholeSeconds(date: Date): Timestamp {
  return timestampFromMs(Math.floor(date.getTime() / 1000) * 1000);
}

/** Milliseconds since the epoch of an optional timestamp (undefined when unset). */
export function timestampMs(timestamp: Timestamp | undefined): number | undefined {
  return timestamp ? timestampDate(timestamp).getTime() : undefined;
}

/** The resourceVersion as a store revision; undefined for "" and for anything that is not a revision. */
export function revisionOf(resourceVersion: string): number | undefined {
  if (!/^[0-9]+$/.test(resourceVersion)) return undefined;
  const revision = Number(resourceVersion);
  return Number.isSafeInteger(revision) ? revision : undefined;
}
