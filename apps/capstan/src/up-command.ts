import { ConfigError, EXIT_USAGE, formatHelp, loadConfig, runMain } from "@capstan/runtime";
import { createUp } from "./up.js";
import { upConfig } from "./up-config.js";

const USAGE = "capstan up [flags]";
const SUMMARY = "Runs a whole Capstan cluster in this process, on the embedded store unless told otherwise.";

/** `capstan up`: every component in this process, progress for people on stdout. */
export async function upCommand(argv: readonly string[]): Promise<never> {
  try {
    const loaded = loadConfig(upConfig, { argv });
    if (loaded.help) {
      console.log(formatHelp(upConfig, { usage: USAGE, summary: SUMMARY }));
      process.exit(0);
    }
    if (loaded.positionals.length > 0) {
      throw new ConfigError(
        String(loaded.positionals[0]),
        `unexpected argument ${JSON.stringify(loaded.positionals[0])} (usage: ${USAGE})`,
      );
    }
    const up = createUp(loaded.values, (line) => console.log(line));
    return await runMain({ logger: up.logger, runnables: up.runnables });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`capstan: ${error.message}`);
    process.exit(EXIT_USAGE);
  }
}
