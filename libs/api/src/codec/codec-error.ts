/** What kind of problem a DecodeError reports. */
export type DecodeErrorReason = "unknownField" | "invalidValue";

/**
 * Kubernetes JSON that does not fit the schema: a value of the wrong type (`path` says where) or, in
 * strict mode, fields the schema does not have (`unknownFields` lists them all, `path` is the first).
 * The message is one line, e.g. `spec.replicas: expected int32, got string "three"` or
 * `strict decoding error: unknown field "spec.foo"`.
 */
export class DecodeError extends Error {
  override readonly name = "DecodeError";

  constructor(
    readonly reason: DecodeErrorReason,
    /** JSON path of the offending value: `spec.containers[0].image`; "" for the whole document. */
    readonly path: string,
    message: string,
    /** Every unknown field found, as JSON paths (reason "unknownField" only). */
    readonly unknownFields: readonly string[] = [],
  ) {
    super(message);
  }

  /** A value of the wrong type or form at `path`; `problem` says what was expected and what came. */
  static invalidValue(path: string, problem: string): DecodeError {
    return new DecodeError("invalidValue", path, path === "" ? problem : `${path}: ${problem}`);
  }

  /** Fields the schema does not know, refused in strict mode (the wording Kubernetes uses). */
  static unknownFields(paths: readonly string[]): DecodeError {
    const list = paths.map((p) => `unknown field "${p}"`).join(", ");
    return new DecodeError("unknownField", paths[0] ?? "", `strict decoding error: ${list}`, paths);
  }
}

/**
 * A message that cannot be written as Kubernetes JSON: a message of another type than the schema, or a
 * value JSON cannot carry exactly (an int64 beyond ±2^53, a time outside years 0-9999).
 */
export class EncodeError extends Error {
  override readonly name = "EncodeError";

  constructor(
    /** JSON path of the offending value; "" for the whole message. */
    readonly path: string,
    problem: string,
  ) {
    super(path === "" ? problem : `${path}: ${problem}`);
  }
}

/** Describes a JSON value for an error message: `string "three"`, `number 1.5`, `array`, `null`. */
export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
    case "number":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    case "object":
      return "object";
    default:
      return typeof value;
  }
}
