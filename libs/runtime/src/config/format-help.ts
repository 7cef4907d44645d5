import { formatDuration } from "./duration.js";
import { DEFAULT_ENV_PREFIX } from "./load-config.js";
import { envName, flagName } from "./names.js";
import { type ConfigSchema, type OptionSpec, validateSchema } from "./schema.js";

export interface HelpOptions {
  /** First line, e.g. `capstan up [flags]`. */
  readonly usage: string;
  /** A sentence or two under the usage line. */
  readonly summary?: string;
  readonly envPrefix?: string;
}

/** The `--help` text for a schema: each flag with its type, description, default and environment variable. */
export function formatHelp(schema: ConfigSchema, options: HelpOptions): string {
  validateSchema(schema);
  const prefix = options.envPrefix ?? DEFAULT_ENV_PREFIX;
  const rows = Object.entries(schema).map(([key, spec]) => ({
    flag: flagColumn(key, spec),
    text: [spec.description, defaultText(spec), `[$${envName(key, prefix)}]`].filter(Boolean).join(" "),
  }));
  rows.push({ flag: "-h, --help", text: "Show this help" });
  const width = Math.max(...rows.map((row) => row.flag.length));
  const lines = [`Usage: ${options.usage}`, ""];
  if (options.summary) lines.push(options.summary, "");
  lines.push("Flags:", ...rows.map((row) => `  ${row.flag.padEnd(width)}  ${row.text}`));
  return `${lines.join("\n")}\n`;
}

function flagColumn(key: string, spec: OptionSpec): string {
  const flag = flagName(key);
  if (spec.type === "boolean") return `--[no-]${flag}`;
  const placeholder = spec.type === "string" && spec.choices ? spec.choices.join("|") : spec.type;
  return `--${flag} <${placeholder}>`;
}

function defaultText(spec: OptionSpec): string {
  if (spec.required && spec.default === undefined) return "(required)";
  if (spec.default === undefined) return "";
  if (spec.type === "duration" && typeof spec.default === "number") {
    return `(default ${formatDuration(spec.default)})`;
  }
  if (spec.type === "list") return spec.default.length > 0 ? `(default ${spec.default.join(",")})` : "";
  return `(default ${String(spec.default)})`;
}
