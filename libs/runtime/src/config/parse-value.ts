import { ConfigError } from "./config-error.js";
import { parseDuration } from "./duration.js";
import type { OptionSpec } from "./schema.js";

/** A parsed option value before it is typed by the schema. */
export type RawValue = string | number | boolean | readonly string[];

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);
const INTEGER = /^[+-]?\d+$/;

/**
 * Parses one textual value for `spec`. `source` names where it came from (`--api-port`,
 * `CAPSTAN_API_PORT`) and starts the one-line {@link ConfigError} message on bad input.
 */
export function parseValue(spec: OptionSpec, text: string, source: string): RawValue {
  const fail = (expected: string): never => {
    throw new ConfigError(source, `${source}: expected ${expected}, got ${JSON.stringify(text)}`);
  };
  switch (spec.type) {
    case "string":
      if (spec.choices && !spec.choices.includes(text)) fail(`one of ${spec.choices.join(", ")}`);
      return text;
    case "integer": {
      const value = Number(text.trim());
      if (!INTEGER.test(text.trim()) || !Number.isSafeInteger(value)) fail("an integer");
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      if (value < min || value > max) fail(`an integer from ${min} to ${max}`);
      return value;
    }
    case "boolean": {
      const lower = text.trim().toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return fail("true or false");
    }
    case "duration":
      return parseDuration(text) ?? fail("a duration like 10s, 500ms or 2m");
    case "list":
      return splitList(text);
  }
}

/** `"a, b,,c"` -> `["a", "b", "c"]`. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
