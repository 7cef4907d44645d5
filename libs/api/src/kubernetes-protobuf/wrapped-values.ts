import { create } from "@bufbuild/protobuf";
import { type BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { DecodeError } from "../codec/codec-error.js";
import { copyJsonObject, isJsonObjectLike } from "../codec/json-tree.js";
import type { IntOrString } from "../gen/capstan/meta/v1/int_or_string_pb.js";
import { intOrString } from "../int-or-string.js";
import type { JsonObject } from "../json.js";
import { expectWireType, forEachField } from "./wire-fields.js";

// Values our schema holds as plain fields (a string, a Timestamp, a JsonObject) that Kubernetes' protobuf
// wraps in a message of its own. Each has a reader (the wrapping message's bytes to our value) and a writer.

/** Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times Kubernetes JSON can carry. */
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

/** resource.Quantity: {string = 1}. */
export function readQuantity(bytes: Uint8Array, path: string): string {
  let text = "";
  forEachField(bytes, path, (number, wireType, reader) => {
    if (number !== 1) return false;
    expectWireType(WireType.LengthDelimited, wireType, path);
    text = reader.string(true);
    return true;
  });
  return text;
}

/** Writes a quantity string as a resource.Quantity. */
export function writeQuantity(writer: BinaryWriter, quantity: string): void {
  writer.fork().tag(1, WireType.LengthDelimited).string(quantity).join();
}

/**
 * metav1.Time and MicroTime: {seconds = 1, nanos = 2}, the shape of google.protobuf.Timestamp. Empty is
 * Go's zero time, which Kubernetes JSON writes as null: undefined (absent) here.
 */
export function readTime(bytes: Uint8Array, path: string): Timestamp | undefined {
  if (bytes.length === 0) return undefined;
  const time = create(TimestampSchema);
  forEachField(bytes, path, (number, wireType, reader) => {
    if (number !== 1 && number !== 2) return false;
    expectWireType(WireType.Varint, wireType, path);
    if (number === 1) time.seconds = BigInt(reader.int64());
    else time.nanos = reader.int32();
    return true;
  });
  const { seconds, nanos } = time;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
    throw DecodeError.invalidValue(path, `time ${seconds}s ${nanos}ns is outside years 0001-9999`);
  }
  return time;
}

/** Writes a Timestamp as a metav1.Time (zero fields left out, as proto3 does). */
export function writeTime(writer: BinaryWriter, time: Timestamp): void {
  writer.fork();
  if (time.seconds !== 0n) writer.tag(1, WireType.Varint).int64(time.seconds);
  if (time.nanos !== 0) writer.tag(2, WireType.Varint).int32(time.nanos);
  writer.join();
}

/** intstr.IntOrString: {type = 1, intVal = 2, strVal = 3}. */
export function readIntOrString(bytes: Uint8Array, path: string): IntOrString {
  let type = 0n;
  let intVal = 0;
  let strVal = "";
  forEachField(bytes, path, (number, wireType, reader) => {
    if (number < 1 || number > 3) return false;
    expectWireType(number === 3 ? WireType.LengthDelimited : WireType.Varint, wireType, path);
    if (number === 1) type = BigInt(reader.int64());
    else if (number === 2) intVal = reader.int32();
    else strVal = reader.string(true);
    return true;
  });
  if (type === 0n) return intOrString(intVal);
  if (type === 1n) return intOrString(strVal);
  throw DecodeError.invalidValue(path, `IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
}

/** Writes an IntOrString with all three fields, as Kubernetes does. */
export function writeIntOrString(writer: BinaryWriter, value: IntOrString): void {
  writer
    .fork()
    .tag(1, WireType.Varint)
    .int64(value.type)
    .tag(2, WireType.Varint)
    .int32(value.intVal)
    .tag(3, WireType.LengthDelimited)
    .string(value.strVal)
    .join();
}

/** metav1.FieldsV1: {Raw = 1}, the field set as JSON bytes; empty is absent. */
export function readFieldsV1(bytes: Uint8Array, path: string): JsonObject | undefined {
  let raw: Uint8Array | undefined;
  forEachField(bytes, path, (number, wireType, reader) => {
    if (number !== 1) return false;
    expectWireType(WireType.LengthDelimited, wireType, path);
    raw = reader.bytes();
    return true;
  });
  if (raw === undefined || raw.length === 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw DecodeError.invalidValue(path, "FieldsV1 is not JSON");
  }
  if (!isJsonObjectLike(json)) throw DecodeError.invalidValue(path, "FieldsV1 is not a JSON object");
  return copyJsonObject(json, path);
}

/** Writes a JSON object as a metav1.FieldsV1. */
export function writeFieldsV1(writer: BinaryWriter, fields: JsonObject): void {
  writer
    .fork()
    .tag(1, WireType.LengthDelimited)
    .bytes(Buffer.from(JSON.stringify(fields)))
    .join();
}
