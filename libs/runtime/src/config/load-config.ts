import { ConfigError } from "./config-error.js";
import { envName, flagName } from "./names.js";
import { parseValue, type RawValue } from "./parse-value.js";
import { type ConfigSchema, type ConfigValues, type OptionSpec, validateSchema } from "./schema.js";

export interface LoadConfigOptions {
  /** Command-line arguments after the program name. Default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
  /** Default `process.env`. Empty variables count as unset. */
  readonly env?: NodeJS.ProcessEnv;
  /** Environment variable prefix. Default `CAPSTAN`. */
  readonly envPrefix?: string;
}

/** `--help`/`-h` was given: print {@link formatHelp} and exit 0. */
export interface HelpRequested {
  readonly help: true;
}

export interface LoadedConfig<S extends ConfigSchema> {
  readonly help: false;
  readonly values: ConfigValues<S>;
  /** Arguments that are not flags (e.g. the `up` of `capstan up`), and everything after `--`. */
  readonly positionals: readonly string[];
}

/** Default prefix of configuration environment variables. */
export const DEFAULT_ENV_PREFIX = "CAPSTAN";

/**
 * Reads configuration for `schema`: a flag wins over the environment, which wins over the default.
 * Flags: `--api-port 6443`, `--api-port=6443`, `--verbose`/`--no-verbose`, repeated list flags add up.
 * Throws {@link ConfigError} (one-line message) for unknown flags, missing or malformed values.
 */
export function loadConfig<const S extends ConfigSchema>(
  schema: S,
  options: LoadConfigOptions = {},
): LoadedConfig<S> | HelpRequested {
  validateSchema(schema);
  const argv = options.argv ?? process.argv.slice(2);
  if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === "string")) {
    throw new ConfigError("argv", "argv must be an array of strings");
  }
  const flags = parseFlags(schema, argv);
  if (flags === "help") return { help: true };
  const env = options.env ?? process.env;
  const prefix = options.envPrefix ?? DEFAULT_ENV_PREFIX;
  const values: Record<string, RawValue | undefined> = {};
  for (const [key, spec] of Object.entries(schema)) {
    values[key] = flags.values.get(key) ?? fromEnv(spec, envName(key, prefix), env) ?? defaultOf(spec);
    if (values[key] === undefined && spec.required) {
      throw new ConfigError(
        `--${flagName(key)}`,
        `--${flagName(key)}: required (or set ${envName(key, prefix)})`,
      );
    }
  }
  return { help: false, values: values as ConfigValues<S>, positionals: flags.positionals };
}

interface ParsedFlags {
  values: Map<string, RawValue>;
  positionals: string[];
}

function parseFlags(schema: ConfigSchema, argv: readonly string[]): ParsedFlags | "help" {
  const byFlag = new Map(Object.entries(schema).map(([key, spec]) => [flagName(key), { key, spec }]));
  const values = new Map<string, RawValue>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--help" || arg === "-h") return "help";
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, "");
    const equals = body.indexOf("=");
    const name = equals === -1 ? body : body.slice(0, equals);
    const inline = equals === -1 ? undefined : body.slice(equals + 1);
    const negated = name.startsWith("no-") ? byFlag.get(name.slice(3)) : undefined;
    if (negated?.spec.type === "boolean" && inline === undefined) {
      values.set(negated.key, false);
      continue;
    }
    const option = arg.startsWith("--") ? byFlag.get(name) : undefined;
    if (!option) throw new ConfigError(arg, `unknown flag ${arg.startsWith("--") ? `--${name}` : arg}`);
    const source = `--${name}`;
    if (option.spec.type === "boolean" && inline === undefined) {
      values.set(option.key, true);
      continue;
    }
    let text = inline;
    if (text === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new ConfigError(source, `${source}: expected a value`);
      }
      text = next;
      i++;
    }
    const value = parseValue(option.spec, text, source);
    const previous = values.get(option.key);
    values.set(option.key, Array.isArray(previous) && Array.isArray(value) ? [...previous, ...value] : value);
  }
  return { values, positionals };
}

function fromEnv(spec: OptionSpec, name: string, env: NodeJS.ProcessEnv): RawValue | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  return parseValue(spec, text, name);
}

function defaultOf(spec: OptionSpec): RawValue | undefined {
  if (spec.type === "duration" && typeof spec.default === "string") {
    return parseValue(spec, spec.default, "default");
  }
  if (spec.default !== undefined) return spec.default;
  if (spec.type === "boolean") return false;
  if (spec.type === "list") return [];
  return undefined;
}
