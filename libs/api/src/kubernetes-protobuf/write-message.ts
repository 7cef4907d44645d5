import type { DescMessage } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { ValuePlan } from "../codec/message-plan.js";
import type { IntOrString } from "../gen/capstan/meta/v1/int_or_string_pb.js";
import type { JsonObject } from "../json.js";
import { scalarWireType, writeScalar } from "./scalar-wire.js";
import { type WireField, wirePlan } from "./wire-plan.js";
import { writeFieldsV1, writeIntOrString, writeQuantity, writeTime } from "./wrapped-values.js";

/**
 * Writes a message in Kubernetes' protobuf wire form (the `raw` of a runtime.Unknown): Kubernetes' field
 * numbers, inlined structs nested again, quantities, times, int-or-strings and field sets in Kubernetes'
 * messages. Fields at their zero value without explicit presence are left out, as proto3 does; Kubernetes
 * reads them as zero all the same. The caller has checked that `message` is a message of `schema`.
 */
export function writeMessage(schema: DescMessage, message: object): Uint8Array {
  const writer = new BinaryWriter();
  writeFields(schema, message as Record<string, unknown>, writer);
  return writer.finish();
}

function writeFields(schema: DescMessage, message: Record<string, unknown>, writer: BinaryWriter): void {
  const plan = wirePlan(schema);
  for (const [number, field] of plan.fields) writeField(number, field, message, writer);
  for (const [number, embedded] of plan.embedded) {
    // Kubernetes writes an inlined struct even when none of its fields is set.
    writer.tag(number, WireType.LengthDelimited).fork();
    for (const [innerNumber, field] of embedded.fields) writeField(innerNumber, field, message, writer);
    writer.join();
  }
}

function writeField(
  number: number,
  wire: WireField,
  message: Record<string, unknown>,
  writer: BinaryWriter,
): void {
  const { plan } = wire;
  const value = message[plan.localName];
  if (value === undefined) return;
  switch (plan.shape) {
    case "single":
      if (!plan.explicit && isZeroScalar(value)) return;
      writeValue(number, wire, value, writer);
      return;
    case "list":
      // One tag per element, unpacked, as Kubernetes' proto2 messages are.
      for (const item of value as unknown[]) writeValue(number, wire, item, writer);
      return;
    case "map": {
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map)) {
        writer.tag(number, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(key);
        writeValue(2, wire, map[key], writer);
        writer.join();
      }
    }
  }
}

function isZeroScalar(value: unknown): boolean {
  return (
    value === "" ||
    value === 0 ||
    value === false ||
    value === 0n ||
    (value instanceof Uint8Array && value.length === 0)
  );
}

function writeValue(number: number, wire: WireField, value: unknown, writer: BinaryWriter): void {
  const plan: ValuePlan = wire.plan.value;
  const quantity = plan.type === "string" && plan.quantity;
  if (wire.scalar !== undefined && !quantity) {
    writeScalar(writer.tag(number, scalarWireType(wire.scalar)), wire.scalar, value);
    return;
  }
  writer.tag(number, WireType.LengthDelimited);
  switch (plan.type) {
    case "timestamp":
      writeTime(writer, value as Timestamp);
      return;
    case "intOrString":
      writeIntOrString(writer, value as IntOrString);
      return;
    case "struct":
      writeFieldsV1(writer, value as JsonObject);
      return;
    case "message":
      writer.fork();
      writeFields(plan.schema, value as Record<string, unknown>, writer);
      writer.join();
      return;
    default:
      writeQuantity(writer, value as string);
  }
}
