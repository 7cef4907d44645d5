import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { DecodeError } from "../codec/codec-error.js";
import { isZeroField } from "./unknown-field.js";

/**
 * Calls `read` for each field of `bytes`; `read` returns false for a field it does not know, which is
 * then skipped and, unless it holds a zero value, reported to `onUnknown`. Malformed bytes become a
 * DecodeError at `path`.
 */
export function forEachField(
  bytes: Uint8Array,
  path: string,
  read: (number: number, wireType: WireType, reader: BinaryReader) => boolean,
  onUnknown?: (number: number) => void,
): void {
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [number, wireType] = reader.tag();
      if (read(number, wireType, reader)) continue;
      const skipped = reader.skip(wireType, number);
      if (onUnknown !== undefined && !isZeroField(wireType, skipped)) onUnknown(number);
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    const problem = error instanceof Error ? error.message : String(error);
    throw DecodeError.invalidValue(path, `malformed protobuf: ${problem}`);
  }
}

/** Throws DecodeError when a field comes with another wire type than its type is written with. */
export function expectWireType(expected: WireType, got: WireType, path: string): void {
  if (got !== expected) {
    throw DecodeError.invalidValue(path, `expected wire type ${WireType[expected]}, got ${WireType[got]}`);
  }
}
