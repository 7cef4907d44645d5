import { type DestinationStream, type Level, type Logger as PinoLogger, pino, stdSerializers } from "pino";
import { ConfigError } from "../config/config-error.js";

/** The structured logger every component uses (pino). */
export type Logger = PinoLogger;

/** The levels a logger accepts, most to least verbose plus "silent". */
export const LOG_LEVELS: readonly (Level | "silent")[] = [
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "fatal",
  "silent",
];

/** Environment variable read when no level is passed explicitly. */
export const LOG_LEVEL_ENV = "CAPSTAN_LOG_LEVEL";

export interface LoggerOptions {
  /** Name of the component (`apiserver`, `scheduler`, `kubelet`); present on every line as `component`. */
  readonly component: string;
  /** Minimum level; defaults to `$CAPSTAN_LOG_LEVEL`, then `info`. */
  readonly level?: string;
  /** Where the JSON lines go; defaults to stdout (synchronous, so nothing is lost on exit). */
  readonly destination?: DestinationStream;
  /** Environment to read the level from (defaults to `process.env`; tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Creates a JSON logger that puts `component` on every line, ISO timestamps in `time`, and serialises
 * `err` with its stack and cause. Child loggers carry object context, see {@link objectContext}.
 * Throws {@link ConfigError} for an unknown level or an empty component.
 */
export function createLogger(options: LoggerOptions): Logger {
  if (typeof options.component !== "string" || options.component.trim() === "") {
    throw new ConfigError("component", "createLogger: component must be a non-empty string");
  }
  const env = options.env ?? process.env;
  const level = resolveLevel(options.level, env[LOG_LEVEL_ENV]);
  return pino(
    {
      level,
      base: { component: options.component },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: stdSerializers.err, error: stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

function resolveLevel(explicit: string | undefined, fromEnv: string | undefined): string {
  if (explicit !== undefined) return checkLevel(explicit, "level");
  if (fromEnv !== undefined && fromEnv !== "") return checkLevel(fromEnv.toLowerCase(), LOG_LEVEL_ENV);
  return "info";
}

function checkLevel(level: string, source: string): string {
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level;
  throw new ConfigError(
    source,
    `${source}: expected one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(level)}`,
  );
}
