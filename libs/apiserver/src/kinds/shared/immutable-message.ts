import { type DescMessage, equals, type MessageShape } from "@bufbuild/protobuf";
import { encodeObject } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";

/**
 * `<path>: Invalid value: <new value as Kubernetes JSON>: field is immutable` when a message field changed
 * (an absent message equals an empty one).
 */
export function immutableMessage<Desc extends DescMessage>(
  schema: Desc,
  path: string,
  value: MessageShape<Desc> | undefined,
  old: MessageShape<Desc> | undefined,
): FieldError[] {
  if (value === undefined && old === undefined) return [];
  if (value !== undefined && old !== undefined && equals(schema, value, old)) return [];
  const shown = value === undefined ? null : encodeObject(schema, value);
  return [fieldError.invalid(path, shown, "field is immutable")];
}
