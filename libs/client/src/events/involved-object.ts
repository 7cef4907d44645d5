import type { Message } from "@bufbuild/protobuf";
import { apiVersionOf, type ObjectReference, type ResourceType, resources } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";

/** An object events can be about: any Kubernetes message with metadata. */
export interface EventSubject extends Message {
  readonly metadata?: {
    readonly name: string;
    readonly namespace: string;
    readonly uid: string;
    readonly resourceVersion: string;
  };
}

const byTypeName = new Map<string, ResourceType>(resources.map((type) => [type.schema.typeName, type]));

/**
 * The ObjectReference an Event carries for `object`: kind and apiVersion come from the resource table
 * (messages read over gRPC do not always carry their TypeMeta), the rest from its metadata.
 */
export function involvedObjectOf(object: EventSubject, fieldPath = ""): Omit<ObjectReference, "$typeName"> {
  const type = byTypeName.get(object.$typeName);
  if (!type) throw ApiError.badRequest(`cannot record an event about a ${object.$typeName}: not a resource`);
  const meta = object.metadata;
  if (!meta?.name) throw ApiError.badRequest(`cannot record an event about a ${type.kind} without a name`);
  return {
    kind: type.kind,
    apiVersion: apiVersionOf(type),
    namespace: meta.namespace,
    name: meta.name,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    fieldPath,
  };
}
