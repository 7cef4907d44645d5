import { type DescField, type DescMessage, getOption, ScalarType } from "@bufbuild/protobuf";
import { emit_empty, micro_time, quantity } from "../gen/capstan/meta/v1/options_pb.js";

/** The JSON form of one value (a singular field, a list element, or a map value). */
export type ValuePlan =
  | { readonly type: "string"; readonly quantity: boolean }
  | { readonly type: "bool" | "bytes" | "double" }
  | { readonly type: "int32" | "uint32" | "int64" | "uint64" }
  | { readonly type: "timestamp"; readonly micro: boolean }
  | { readonly type: "intOrString" }
  | { readonly type: "struct" }
  | { readonly type: "message"; readonly schema: DescMessage };

/** How one field maps between the message and Kubernetes JSON. */
export interface FieldPlan {
  readonly jsonName: string;
  readonly localName: string;
  readonly shape: "single" | "list" | "map";
  readonly value: ValuePlan;
  /** Explicit presence (proto3 `optional`, messages): emitted when set, even to a zero value. */
  readonly explicit: boolean;
  /** Lists and maps emitted even when empty. */
  readonly emitEmpty: boolean;
}

/** The plan of one message: its fields in declaration order, and by JSON name for decoding. */
export interface MessagePlan {
  readonly fields: readonly FieldPlan[];
  readonly byJsonName: ReadonlyMap<string, FieldPlan>;
}

/** Type names the codec writes in their Kubernetes JSON form rather than as objects. */
export const TIMESTAMP = "google.protobuf.Timestamp";
export const STRUCT = "google.protobuf.Struct";
export const INT_OR_STRING = "capstan.meta.v1.IntOrString";

const plans = new WeakMap<DescMessage, MessagePlan>();

/**
 * The codec plan of a message schema, computed once per schema. Throws for constructs the Kubernetes
 * JSON codec does not carry (enums, oneofs, non-string map keys): the proto files
 * in proto/ avoid them, and a test builds the plan of every resource.
 */
export function messagePlan(schema: DescMessage): MessagePlan {
  let plan = plans.get(schema);
  if (plan === undefined) {
    const fields = schema.fields.map(fieldPlan);
    plan = { fields, byJsonName: new Map(fields.map((f) => [f.jsonName, f])) };
    plans.set(schema, plan);
  }
  return plan;
}

function fieldPlan(field: DescField): FieldPlan {
  if (field.oneof !== undefined) {
    throw new Error(`${field.parent.typeName}.${field.name}: oneof fields have no Kubernetes JSON form`);
  }
  const common = {
    jsonName: field.jsonName,
    localName: field.localName,
    explicit: field.presence !== IMPLICIT_PRESENCE || field.fieldKind === "message",
    emitEmpty: getOption(field, emit_empty),
  };
  switch (field.fieldKind) {
    case "scalar":
      return { ...common, shape: "single", value: scalarPlan(field, field.scalar) };
    case "message":
      return { ...common, shape: "single", value: messageValuePlan(field, field.message, true) };
    case "list":
      if (field.listKind === "enum") break;
      return {
        ...common,
        shape: "list",
        value:
          field.listKind === "scalar"
            ? scalarPlan(field, field.scalar)
            : messageValuePlan(field, field.message, false),
      };
    case "map":
      if (field.mapKind === "enum" || field.mapKey !== ScalarType.STRING) break;
      return {
        ...common,
        shape: "map",
        value:
          field.mapKind === "scalar"
            ? scalarPlan(field, field.scalar)
            : messageValuePlan(field, field.message, false),
      };
  }
  throw new Error(`${field.parent.typeName}.${field.name}: enums and non-string map keys are not supported`);
}

// FeatureSet.FieldPresence.IMPLICIT: proto3 fields without `optional`.
const IMPLICIT_PRESENCE = 2;

function scalarPlan(field: DescField, scalar: ScalarType): ValuePlan {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: "string", quantity: getOption(field, quantity) };
    case ScalarType.BOOL:
      return { type: "bool" };
    case ScalarType.BYTES:
      return { type: "bytes" };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: "double" };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: "int32" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: "uint32" };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { type: "int64" };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "uint64" };
  }
}

function messageValuePlan(field: DescField, schema: DescMessage, singular: boolean): ValuePlan {
  switch (schema.typeName) {
    case TIMESTAMP:
      return { type: "timestamp", micro: getOption(field, micro_time) };
    case STRUCT:
      // protobuf-es holds a singular Struct field as a plain JsonObject; in lists and maps it is a message.
      if (!singular)
        throw new Error(`${field.parent.typeName}.${field.name}: Struct only as a singular field`);
      return { type: "struct" };
    case INT_OR_STRING:
      return { type: "intOrString" };
    default:
      return { type: "message", schema };
  }
}
