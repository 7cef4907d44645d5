import { ConfigError, formatHelp, loadConfig, runMain } from "@capstan/runtime";
import { createUp } from "./up.js";
import { upConfig } from "./up-config.js";

const USAGE = "capstan up [flags]";
const SUMMARY = "Runs a whole Capstan cluster in this process, on the embedded store unless told otherwise.";

try {
  const loaded = loadConfig(upConfig);
  if (loaded.help) {
    console.log(formatHelp(upConfig, { usage: USAGE, summary: SUMMARY }));
    process.exit(0);
  }
  if (loaded.positionals[0] !== "up" || loaded.positionals.length > 1) {
    console.error(`Usage: ${USAGE}\nRun "capstan up --help" for the flags.`);
    process.exit(2);
  }
  const up = createUp(loaded.values, (line) => console.log(line));
  await runMain({ logger: up.logger, runnables: up.runnables });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`capstan: ${error.message}`);
  process.exit(2);
}
