import { create, type DescMessage } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { zeroValue } from "../codec/decode.js";
import { fieldPath, setOwn } from "../codec/json-tree.js";
import type { ValuePlan } from "../codec/message-plan.js";
import { readScalar, scalarWireType } from "./scalar-wire.js";
import { expectWireType, forEachField } from "./wire-fields.js";
import { type WireField, wirePlan } from "./wire-plan.js";
import { readFieldsV1, readIntOrString, readQuantity, readTime } from "./wrapped-values.js";

/**
 * Reads a message of `schema` from Kubernetes' protobuf wire form (the `raw` of a runtime.Unknown).
 * Fields the schema lacks are skipped; those holding something other than a zero value are added to
 * `unknown` as `path.#number`. Throws DecodeError (with the path of the message) for malformed bytes or a
 * value of the wrong wire type.
 */
export function readMessage(
  schema: DescMessage,
  bytes: Uint8Array,
  path: string,
  unknown: string[],
  into?: Record<string, unknown>,
): Record<string, unknown> {
  const message = into ?? (create(schema) as unknown as Record<string, unknown>);
  const plan = wirePlan(schema);
  forEachField(
    bytes,
    path,
    (number, wireType, reader) => {
      const field = plan.fields.get(number);
      if (field !== undefined) {
        readField(field, wireType, reader, message, path, unknown);
        return true;
      }
      const embedded = plan.embedded.get(number);
      if (embedded === undefined || wireType !== WireType.LengthDelimited) return false;
      // The inlined struct's fields land in this message, as they do in JSON.
      const unknownPrefix = fieldPath(path, `#${number}`);
      forEachField(
        reader.bytes(),
        path,
        (innerNumber, innerWireType, inner) => {
          const innerField = embedded.fields.get(innerNumber);
          if (innerField === undefined) return false;
          readField(innerField, innerWireType, inner, message, path, unknown);
          return true;
        },
        (innerNumber) => unknown.push(fieldPath(unknownPrefix, `#${innerNumber}`)),
      );
      return true;
    },
    (number) => unknown.push(fieldPath(path, `#${number}`)),
  );
  return message;
}

function readField(
  wire: WireField,
  wireType: WireType,
  reader: BinaryReader,
  message: Record<string, unknown>,
  parent: string,
  unknown: string[],
): void {
  const { plan, scalar } = wire;
  const path = fieldPath(parent, plan.jsonName);
  switch (plan.shape) {
    case "single": {
      // A message field that comes twice is merged, as protobuf says (Kubernetes writes each once).
      const existing = plan.value.type === "message" ? message[plan.localName] : undefined;
      const value = readValue(wire, wireType, reader, path, unknown, existing as Record<string, unknown>);
      if (value !== undefined) message[plan.localName] = value;
      return;
    }
    case "list": {
      const list = message[plan.localName] as unknown[];
      const packed =
        scalar !== undefined &&
        wireType === WireType.LengthDelimited &&
        scalarWireType(scalar) !== WireType.LengthDelimited;
      if (packed) {
        // proto3 packs a list of numbers into one length-delimited run; Kubernetes (proto2) does not.
        const run = new BinaryReader(reader.bytes());
        while (run.pos < run.len) list.push(readScalar(run, scalar));
        return;
      }
      const value = readValue(wire, wireType, reader, `${path}[${list.length}]`, unknown);
      list.push(value ?? zeroValue(plan.value));
      return;
    }
    case "map": {
      expectWireType(WireType.LengthDelimited, wireType, path);
      let key = "";
      let value: unknown;
      forEachField(reader.bytes(), path, (number, entryWireType, entry) => {
        if (number === 1) {
          expectWireType(WireType.LengthDelimited, entryWireType, path);
          key = entry.string(true);
        } else if (number === 2) {
          value = readValue(wire, entryWireType, entry, `${path}[${key}]`, unknown);
        }
        return number === 1 || number === 2;
      });
      setOwn(message[plan.localName] as Record<string, unknown>, key, value ?? zeroValue(plan.value));
    }
  }
}

/** One value; undefined for a Kubernetes Time or FieldsV1 that is empty (Go's zero value: absent). */
function readValue(
  wire: WireField,
  wireType: WireType,
  reader: BinaryReader,
  path: string,
  unknown: string[],
  into?: Record<string, unknown>,
): unknown {
  const plan: ValuePlan = wire.plan.value;
  const quantity = plan.type === "string" && plan.quantity;
  if (wire.scalar !== undefined && !quantity) {
    expectWireType(scalarWireType(wire.scalar), wireType, path);
    return readScalar(reader, wire.scalar);
  }
  expectWireType(WireType.LengthDelimited, wireType, path);
  const bytes = reader.bytes();
  switch (plan.type) {
    case "timestamp":
      return readTime(bytes, path);
    case "intOrString":
      return readIntOrString(bytes, path);
    case "struct":
      return readFieldsV1(bytes, path);
    case "message":
      return readMessage(plan.schema, bytes, path, unknown, into);
    default:
      // A quantity: the only string that Kubernetes wraps in a message.
      return readQuantity(bytes, path);
  }
}
