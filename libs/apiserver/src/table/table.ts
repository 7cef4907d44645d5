import type { DescMessage, Message } from "@bufbuild/protobuf";
import { encodeObject, type JsonObject, type JsonValue, ObjectMetaSchema } from "@capstan/api";
import { metaOf } from "../registry/object-meta.js";
import type { ResourceStrategy } from "../registry/strategy.js";

/** What each row carries besides its cells (`includeObject`); kubectl's default is Metadata. */
export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  readonly includeObject: IncludeObject;
  /** "v1" or "v1beta1" of meta.k8s.io, as the client asked. */
  readonly version: "v1" | "v1beta1";
  /** Leave columnDefinitions empty (watch events after the first, as Kubernetes does). */
  readonly noHeaders?: boolean;
  readonly now: Date;
  /** The list's resourceVersion and continue token (kubectl needs the former for `get -w`). */
  readonly resourceVersion?: string;
  readonly continue?: string;
  /** Encodes a full object to Kubernetes JSON (includeObject=Object). */
  readonly encode: (object: Message) => JsonObject;
}

const NAME_COLUMN = {
  name: "Name",
  type: "string",
  format: "name",
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.",
  priority: 0,
};

/**
 * Kubernetes' server-side Table (meta.k8s.io): NAME (unless the strategy opts out), then the strategy's
 * columns, one row per object
 * with its cells in column order. kubectl prints the cells verbatim, so every value is final here.
 */
export function buildTable(
  strategy: ResourceStrategy,
  objects: readonly Message[],
  options: TableOptions,
): JsonObject {
  const withName = strategy.nameColumn !== false;
  const columnDefinitions: JsonValue[] = options.noHeaders
    ? []
    : [
        ...(withName ? [NAME_COLUMN] : []),
        ...strategy.columns.map((column) => ({
          name: column.name,
          type: column.type,
          format: column.format ?? "",
          description: column.description,
          priority: column.priority,
        })),
      ];
  const rows = objects.map((object) => {
    const cells: JsonValue[] = strategy.columns.map((column) => column.cell(object, options.now));
    if (withName) cells.unshift(metaOf(object).name);
    const row: JsonObject = { cells };
    const embedded = rowObject(object, options);
    if (embedded) row.object = embedded;
    return row;
  });
  const metadata: JsonObject = {};
  if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata,
    columnDefinitions,
    rows,
  };
}

function rowObject(object: Message, options: TableOptions): JsonObject | undefined {
  switch (options.includeObject) {
    case "None":
      return undefined;
    case "Object":
      return options.encode(object);
    case "Metadata":
      return {
        kind: "PartialObjectMetadata",
        apiVersion: `meta.k8s.io/${options.version}`,
        metadata: encodeObject(ObjectMetaSchema as DescMessage, metaOf(object)),
      };
  }
}
