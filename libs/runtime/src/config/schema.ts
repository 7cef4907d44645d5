import { ConfigError } from "./config-error.js";
import { parseDuration } from "./duration.js";

interface OptionBase {
  /** One line for `--help`. */
  readonly description: string;
  /** Fail when neither a flag nor the environment gives a value (only for options without a default). */
  readonly required?: boolean;
}

export interface StringOption extends OptionBase {
  readonly type: "string";
  readonly default?: string;
  /** When set, the value must be one of these. */
  readonly choices?: readonly string[];
}

export interface IntegerOption extends OptionBase {
  readonly type: "integer";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

/** `--x`, `--no-x`, `--x=false`; `CAPSTAN_X=true|false|1|0|yes|no`. Defaults to false. */
export interface BooleanOption extends OptionBase {
  readonly type: "boolean";
  readonly default?: boolean;
}

/** A duration such as `10s`, `500ms` or `2m`; the value is in milliseconds. */
export interface DurationOption extends OptionBase {
  readonly type: "duration";
  /** Milliseconds, or duration text such as `"10s"`. */
  readonly default?: number | string;
}

/** Comma-separated values; a repeated flag adds to the list. Defaults to []. */
export interface ListOption extends OptionBase {
  readonly type: "list";
  readonly default?: readonly string[];
}

export type OptionSpec = StringOption | IntegerOption | BooleanOption | DurationOption | ListOption;

/** Options keyed by camelCase name: `apiPort` is `--api-port` and `CAPSTAN_API_PORT`. */
export type ConfigSchema = Readonly<Record<string, OptionSpec>>;

type ValueOf<O extends OptionSpec> = O extends StringOption
  ? string
  : O extends IntegerOption | DurationOption
    ? number
    : O extends BooleanOption
      ? boolean
      : readonly string[];

type AlwaysSet = { readonly default: unknown } | { readonly required: true } | BooleanOption | ListOption;

/** The typed values a schema produces; options with no default and not required may be undefined. */
export type ConfigValues<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends AlwaysSet ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** Identity helper that keeps the literal types of a schema, so `loadConfig` can type its values. */
export function defineConfig<const S extends ConfigSchema>(schema: S): S {
  return schema;
}

const KEY = /^[a-z][a-zA-Z0-9]*$/;
const TYPES = new Set(["string", "integer", "boolean", "duration", "list"]);

/** Checks the schema itself (names, types, defaults), so a programming mistake fails with a clear message. */
export function validateSchema(schema: ConfigSchema): void {
  if (typeof schema !== "object" || schema === null) {
    throw new ConfigError("schema", "config schema must be an object");
  }
  for (const [key, spec] of Object.entries(schema)) {
    if (!KEY.test(key) || key === "help") {
      throw new ConfigError(
        key,
        `config option ${JSON.stringify(key)}: name must be camelCase and not "help"`,
      );
    }
    if (typeof spec !== "object" || spec === null || !TYPES.has(spec.type)) {
      throw new ConfigError(key, `config option ${key}: unknown type`);
    }
    if (spec.default !== undefined && !defaultFits(spec)) {
      throw new ConfigError(key, `config option ${key}: default does not match type ${spec.type}`);
    }
  }
}

function defaultFits(spec: OptionSpec): boolean {
  switch (spec.type) {
    case "string":
      return typeof spec.default === "string";
    case "integer":
      return Number.isSafeInteger(spec.default);
    case "boolean":
      return typeof spec.default === "boolean";
    case "duration":
      return typeof spec.default === "number"
        ? spec.default >= 0
        : typeof spec.default === "string" && parseDuration(spec.default) !== undefined;
    case "list":
      return Array.isArray(spec.default) && spec.default.every((item) => typeof item === "string");
  }
}
