import { apiServerConfig, createApiServerComponent } from "@capstan/apiserver";
import { ConfigError, createLogger, formatHelp, loadConfig, runMain } from "@capstan/runtime";

const USAGE = "apiserver [flags]";
const SUMMARY = "Serves the Kubernetes REST API, the gRPC API and the change feed over one store.";

try {
  const loaded = loadConfig(apiServerConfig);
  if (loaded.help) {
    console.log(formatHelp(apiServerConfig, { usage: USAGE, summary: SUMMARY }));
    process.exit(0);
  }
  const logger = createLogger({ component: "apiserver" });
  await runMain({ logger, runnables: [createApiServerComponent(loaded.values, logger)] });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`apiserver: ${error.message}`);
  process.exit(2);
}
