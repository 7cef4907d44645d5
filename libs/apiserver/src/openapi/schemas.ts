import { type DescField, type DescMessage, getOption, ScalarType } from "@bufbuild/protobuf";
import { type JsonObject, quantity as quantityOption, type ResourceType } from "@capstan/api";
import {
  type FieldPatchMeta,
  fieldPatchMeta,
  kubernetesPatchMeta,
  type PatchMeta,
} from "@capstan/apimachinery";
import { SPECIAL_NAMES, schemaName } from "./schema-names.js";

const TIMESTAMP = "google.protobuf.Timestamp";
const STRUCT = "google.protobuf.Struct";
const INT_OR_STRING = "capstan.meta.v1.IntOrString";

/** The OpenAPI form of each scalar type (as the Kubernetes JSON codec writes it: int64 as a number). */
function scalarSchema(scalar: ScalarType): JsonObject {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.BYTES:
      return { type: "string", format: "byte" };
    case ScalarType.DOUBLE:
      return { type: "number", format: "double" };
    case ScalarType.FLOAT:
      return { type: "number", format: "float" };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "integer", format: "int64" };
    default:
      return { type: "integer", format: "int32" };
  }
}

function ref(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/**
 * Builds `components.schemas` from protobuf descriptors: one schema per message, with Kubernetes' JSON
 * names, int-or-string and quantity types, RFC 3339 times, and the strategic merge patch metadata
 * (`x-kubernetes-patch-merge-key`, `x-kubernetes-patch-strategy`) that kubectl apply computes its
 * patches from. Schemas are added as they are referenced.
 */
export class SchemaCollector {
  readonly #schemas = new Map<string, JsonObject>();
  /** Patch metadata by message type and field JSON name, gathered from the kinds' metadata trees. */
  readonly #patchMeta = new Map<string, FieldPatchMeta>();

  /** Learns the patch metadata of the given kinds first: schemas are written once, when first referenced. */
  constructor(types: readonly ResourceType[]) {
    for (const type of types) this.#learnPatchMeta(type.schema, kubernetesPatchMeta(type.kind));
  }

  /** A `$ref` to a message's schema, adding it (and what it references) to the components. */
  ref(schema: DescMessage): JsonObject {
    this.#add(schema);
    return ref(schemaName(schema.typeName));
  }

  /** A `$ref` to the schema of a resource's kind, tagged with its group-version-kind as kubectl looks it up. */
  resourceRef(type: ResourceType): JsonObject {
    const reference = this.ref(type.schema);
    this.#tag(type.schema, type, type.kind);
    this.#tag(type.listSchema, type, type.listKind);
    return reference;
  }

  /** A `$ref` to Kubernetes' Patch body (any JSON object; its shape depends on the Content-Type). */
  patchRef(): JsonObject {
    this.#schemas.set(SPECIAL_NAMES.patch, {
      type: "object",
      description:
        "A patch: JSON patch, merge patch, strategic merge patch or apply configuration, by Content-Type.",
    });
    return ref(SPECIAL_NAMES.patch);
  }

  /** The collected schemas, sorted by name. */
  components(): Record<string, JsonObject> {
    return Object.fromEntries([...this.#schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  #tag(schema: DescMessage, type: ResourceType, kind: string): void {
    this.ref(schema);
    const entry = this.#schemas.get(schemaName(schema.typeName));
    if (entry)
      entry["x-kubernetes-group-version-kind"] = [{ group: type.group, kind, version: type.version }];
  }

  /** Walks a kind's patch metadata tree along its message fields, remembering each field's metadata. */
  #learnPatchMeta(schema: DescMessage, meta: PatchMeta | undefined, depth = 0): void {
    if (!meta?.fields || depth > 32) return;
    for (const field of schema.fields) {
      const fieldMeta = fieldPatchMeta(meta, field.jsonName);
      const key = `${schema.typeName}.${field.jsonName}`;
      if ((fieldMeta.strategy || fieldMeta.mergeKey) && !this.#patchMeta.has(key))
        this.#patchMeta.set(key, fieldMeta);
      const child = messageOf(field);
      if (child) this.#learnPatchMeta(child, fieldMeta, depth + 1);
    }
  }

  #add(schema: DescMessage): void {
    const name = schemaName(schema.typeName);
    if (this.#schemas.has(name)) return;
    const properties: JsonObject = {};
    const entry: JsonObject = { type: "object", properties };
    // Registered before the fields so that recursive types end.
    this.#schemas.set(name, entry);
    for (const field of schema.fields) properties[field.jsonName] = this.#fieldSchema(field);
  }

  #fieldSchema(field: DescField): JsonObject {
    const schema = this.#shapeSchema(field);
    const meta = this.#patchMeta.get(`${field.parent.typeName}.${field.jsonName}`);
    if (meta?.mergeKey) schema["x-kubernetes-patch-merge-key"] = meta.mergeKey;
    if (meta?.strategy && meta.strategy.length > 0)
      schema["x-kubernetes-patch-strategy"] = meta.strategy.join(",");
    return schema;
  }

  #shapeSchema(field: DescField): JsonObject {
    const isQuantity = getOption(field, quantityOption);
    switch (field.fieldKind) {
      case "scalar":
        return isQuantity ? this.#quantity() : scalarSchema(field.scalar);
      case "enum":
        return { type: "string" };
      case "message":
        return this.#messageValue(field.message);
      case "list":
        return {
          type: "array",
          items:
            field.listKind === "message"
              ? this.#messageValue(field.message)
              : field.listKind === "scalar"
                ? scalarSchema(field.scalar)
                : { type: "string" },
        };
      case "map":
        return {
          type: "object",
          additionalProperties:
            field.mapKind === "message"
              ? this.#messageValue(field.message)
              : field.mapKind === "scalar"
                ? isQuantity
                  ? this.#quantity()
                  : scalarSchema(field.scalar)
                : { type: "string" },
        };
    }
  }

  /** A message-typed value: times and free-form objects inline, other messages by reference. */
  #messageValue(message: DescMessage): JsonObject {
    if (message.typeName === TIMESTAMP) return { type: "string", format: "date-time" };
    if (message.typeName === STRUCT) return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    if (message.typeName === INT_OR_STRING) return this.#intOrString();
    // As Kubernetes writes it: allOf lets a default (or a description) sit beside the reference.
    return { allOf: [this.ref(message)], default: {} };
  }

  #intOrString(): JsonObject {
    this.#schemas.set(SPECIAL_NAMES.intOrString, {
      format: "int-or-string",
      oneOf: [{ type: "integer" }, { type: "string" }],
      "x-kubernetes-int-or-string": true,
      description: "A number or a string, such as a port number or a port name, or a count or a percentage.",
    });
    return { allOf: [ref(SPECIAL_NAMES.intOrString)] };
  }

  #quantity(): JsonObject {
    this.#schemas.set(SPECIAL_NAMES.quantity, {
      type: "string",
      description: "A fixed-point number with an optional suffix: 100m, 1.5, 128Mi, 1G.",
    });
    return { allOf: [ref(SPECIAL_NAMES.quantity)] };
  }
}

function messageOf(field: DescField): DescMessage | undefined {
  if (field.fieldKind === "message") return field.message;
  if (field.fieldKind === "list" && field.listKind === "message") return field.message;
  if (field.fieldKind === "map" && field.mapKind === "message") return field.message;
  return undefined;
}
