import { create } from "@bufbuild/protobuf";
import { DecodeError, describeJson } from "./codec/codec-error.js";
import { type IntOrString, IntOrStringSchema } from "./gen/capstan/meta/v1/int_or_string_pb.js";

/** IntOrString.type of a number: the value is in `intVal`. */
export const INT_OR_STRING_INT = 0;
/** IntOrString.type of a string: the value is in `strVal`. */
export const INT_OR_STRING_STRING = 1;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * An IntOrString holding `value`: an int32 (type 0, `intVal`) or a string (type 1, `strVal`).
 * Throws DecodeError for a number that is not an int32, or a value of another type.
 */
export function intOrString(value: number | string): IntOrString {
  if (typeof value === "string") {
    return create(IntOrStringSchema, { type: INT_OR_STRING_STRING, strVal: value });
  }
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
    return create(IntOrStringSchema, { type: INT_OR_STRING_INT, intVal: value });
  }
  throw DecodeError.invalidValue("", `expected int32 or string, got ${describeJson(value)}`);
}

/**
 * The value an IntOrString holds: `strVal` when its type is 1, `intVal` otherwise (so an empty
 * IntOrString is the int 0, Go's zero value).
 */
export function intOrStringValue(value: IntOrString): number | string {
  return value.type === INT_OR_STRING_STRING ? value.strVal : value.intVal;
}
