import { ConfigError } from "../config/config-error.js";
import { formatHelp } from "../config/format-help.js";
import { loadConfig } from "../config/load-config.js";
import type { ConfigSchema, ConfigValues } from "../config/schema.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { runMain } from "./run-main.js";
import type { Runnable } from "./runnable.js";

/** Exit code for a usage error (unknown flag, bad value), as command-line tools use. */
export const EXIT_USAGE = 2;

export interface ComponentMainOptions<S extends ConfigSchema> {
  /** The component's name: the log lines' `component` key and the prefix of error messages. */
  readonly name: string;
  /** One line, e.g. `scheduler [flags]`. */
  readonly usage: string;
  /** What the component does, in one sentence, for `--help`. */
  readonly summary: string;
  readonly config: S;
  /** Arguments after the program (and subcommand) name. Default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
  /** Builds what runs from the loaded configuration. */
  create(values: ConfigValues<S>, logger: Logger): readonly Runnable[];
}

/** What a deployable component is, for its own main and for the `capstan` CLI's subcommand of the same name. */
export type ComponentDefinition<S extends ConfigSchema> = Omit<ComponentMainOptions<S>, "argv">;

/**
 * The whole main of a component: reads its flags and environment, answers `--help`, reports a bad flag in
 * one line with exit code 2, then runs the component until SIGTERM/SIGINT (see runMain).
 */
export async function componentMain<S extends ConfigSchema>(
  options: ComponentMainOptions<S>,
): Promise<never> {
  try {
    const loaded = loadConfig(options.config, options.argv === undefined ? {} : { argv: options.argv });
    if (loaded.help) {
      console.log(formatHelp(options.config, { usage: options.usage, summary: options.summary }));
      process.exit(0);
    }
    if (loaded.positionals.length > 0) {
      throw new ConfigError(
        String(loaded.positionals[0]),
        `unexpected argument ${JSON.stringify(loaded.positionals[0])} (usage: ${options.usage})`,
      );
    }
    const logger = createLogger({ component: options.name });
    return await runMain({ logger, runnables: options.create(loaded.values, logger) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${options.name}: ${error.message}`);
    process.exit(EXIT_USAGE);
  }
}
