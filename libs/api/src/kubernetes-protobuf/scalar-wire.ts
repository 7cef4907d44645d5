import { ScalarType } from "@bufbuild/protobuf";
import { type BinaryReader, type BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** The wire type a scalar is written with (a packed list of numbers is length-delimited instead). */
export function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

/**
 * Reads one scalar as protobuf-es holds it (64-bit integers as bigint). Strings must be valid UTF-8:
 * Kubernetes JSON could not carry anything else.
 */
export function readScalar(reader: BinaryReader, scalar: ScalarType): unknown {
  switch (scalar) {
    case ScalarType.STRING:
      return reader.string(true);
    case ScalarType.BYTES:
      return reader.bytes().slice();
    case ScalarType.BOOL:
      return reader.bool();
    case ScalarType.INT32:
      return reader.int32();
    case ScalarType.UINT32:
      return reader.uint32();
    case ScalarType.SINT32:
      return reader.sint32();
    case ScalarType.FIXED32:
      return reader.fixed32();
    case ScalarType.SFIXED32:
      return reader.sfixed32();
    case ScalarType.FLOAT:
      return reader.float();
    case ScalarType.DOUBLE:
      return reader.double();
    case ScalarType.INT64:
      return BigInt(reader.int64());
    case ScalarType.UINT64:
      return BigInt(reader.uint64());
    case ScalarType.SINT64:
      return BigInt(reader.sint64());
    case ScalarType.FIXED64:
      return BigInt(reader.fixed64());
    case ScalarType.SFIXED64:
      return BigInt(reader.sfixed64());
  }
}

/** Writes one scalar value (without its tag). */
export function writeScalar(writer: BinaryWriter, scalar: ScalarType, value: unknown): void {
  switch (scalar) {
    case ScalarType.STRING:
      writer.string(value as string);
      break;
    case ScalarType.BYTES:
      writer.bytes(value as Uint8Array);
      break;
    case ScalarType.BOOL:
      writer.bool(value as boolean);
      break;
    case ScalarType.INT32:
      writer.int32(value as number);
      break;
    case ScalarType.UINT32:
      writer.uint32(value as number);
      break;
    case ScalarType.SINT32:
      writer.sint32(value as number);
      break;
    case ScalarType.FIXED32:
      writer.fixed32(value as number);
      break;
    case ScalarType.SFIXED32:
      writer.sfixed32(value as number);
      break;
    case ScalarType.FLOAT:
      writer.float(value as number);
      break;
    case ScalarType.DOUBLE:
      writer.double(value as number);
      break;
    case ScalarType.INT64:
      writer.int64(value as bigint);
      break;
    case ScalarType.UINT64:
      writer.uint64(value as bigint);
      break;
    case ScalarType.SINT64:
      writer.sint64(value as bigint);
      break;
    case ScalarType.FIXED64:
      writer.fixed64(value as bigint);
      break;
    case ScalarType.SFIXED64:
      writer.sfixed64(value as bigint);
      break;
  }
}
