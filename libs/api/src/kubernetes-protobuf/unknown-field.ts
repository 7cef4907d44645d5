import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/** How deep a length-delimited unknown field is looked into for being all zero values. */
const MAX_DEPTH = 10;

/**
 * Whether a skipped field (its tag and value, as BinaryReader.skip returns it) holds only a zero value.
 * Kubernetes' protobuf writes every non-pointer field, set or not (empty strings, zero numbers, empty
 * structs); a field we do not know that holds only zeros loses nothing when dropped, so it is not worth a
 * warning. A length-delimited value counts as zero when it is empty or parses as a message of zero fields.
 */
export function isZeroField(wireType: WireType, skipped: Uint8Array): boolean {
  const reader = new BinaryReader(skipped);
  return isZeroValue(wireType, reader, 0);
}

function isZeroValue(wireType: WireType, reader: BinaryReader, depth: number): boolean {
  switch (wireType) {
    case WireType.Varint:
      return BigInt(reader.uint64()) === 0n;
    case WireType.Bit64:
      return BigInt(reader.fixed64()) === 0n;
    case WireType.Bit32:
      return reader.fixed32() === 0;
    case WireType.LengthDelimited:
      return isZeroMessage(reader.bytes(), depth + 1);
    default:
      return false;
  }
}

function isZeroMessage(bytes: Uint8Array, depth: number): boolean {
  if (bytes.length === 0) return true;
  if (depth > MAX_DEPTH) return false;
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [, wireType] = reader.tag();
      if (!isZeroValue(wireType, reader, depth)) return false;
    }
    return true;
  } catch {
    // Not a message: a string or bytes that are not empty.
    return false;
  }
}
