import { type DescField, type DescMessage, getOption, type ScalarType } from "@bufbuild/protobuf";
import { type FieldPlan, messagePlan } from "../codec/message-plan.js";
import { embedded_in } from "../gen/capstan/meta/v1/options_pb.js";

/**
 * Field numbers from here on are Capstan's alone (a resource's apiVersion and kind, which Kubernetes
 * carries in the envelope rather than in the object): never read from nor written to Kubernetes' wire.
 */
export const FIRST_CAPSTAN_ONLY_NUMBER = 1000;

/** A field embedded in an inlined struct is numbered this plus its number inside that struct. */
const EMBEDDED_OFFSET = 100;

/** One field of a message on Kubernetes' wire: its codec plan and, for lists and maps, its scalar. */
export interface WireField {
  readonly plan: FieldPlan;
  /** The scalar type of a scalar field, list element or map value; undefined for messages. */
  readonly scalar: ScalarType | undefined;
}

/** A struct Kubernetes' Go type inlines (ProbeHandler in Probe): its fields by their number inside it. */
export interface EmbeddedStruct {
  readonly number: number;
  readonly fields: ReadonlyMap<number, WireField>;
}

/** How a message is laid out on Kubernetes' wire. */
export interface WirePlan {
  /** Fields written directly in the message, by number. */
  readonly fields: ReadonlyMap<number, WireField>;
  /** Inlined structs, by the number of the field that carries each. */
  readonly embedded: ReadonlyMap<number, EmbeddedStruct>;
}

const plans = new WeakMap<DescMessage, WirePlan>();

/**
 * The Kubernetes wire layout of a message schema, computed once per schema: proto field numbers are
 * Kubernetes' own, except fields with the `embedded_in` option (nested in the inlined struct that
 * carries them) and numbers from 1000 (not on that wire at all).
 */
export function wirePlan(schema: DescMessage): WirePlan {
  let plan = plans.get(schema);
  if (plan === undefined) {
    plan = buildPlan(schema);
    plans.set(schema, plan);
  }
  return plan;
}

function buildPlan(schema: DescMessage): WirePlan {
  const fields = new Map<number, WireField>();
  const embedded = new Map<number, Map<number, WireField>>();
  const codec = messagePlan(schema).fields;
  schema.fields.forEach((field, i) => {
    const plan = codec[i];
    if (plan === undefined || field.number >= FIRST_CAPSTAN_ONLY_NUMBER) return;
    const wire: WireField = { plan, scalar: scalarOf(field) };
    const carrier = getOption(field, embedded_in);
    if (carrier === 0) {
      fields.set(field.number, wire);
      return;
    }
    if (field.number <= EMBEDDED_OFFSET) {
      throw new Error(`${schema.typeName}.${field.name}: an embedded field is numbered above 100`);
    }
    const inner = embedded.get(carrier) ?? new Map<number, WireField>();
    inner.set(field.number - EMBEDDED_OFFSET, wire);
    embedded.set(carrier, inner);
  });
  return {
    fields,
    embedded: new Map([...embedded].map(([number, inner]) => [number, { number, fields: inner }])),
  };
}

function scalarOf(field: DescField): ScalarType | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return field.scalar;
    case "list":
      return field.listKind === "scalar" ? field.scalar : undefined;
    case "map":
      return field.mapKind === "scalar" ? field.scalar : undefined;
    default:
      return undefined;
  }
}
