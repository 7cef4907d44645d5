export { ConfigError } from "./config/config-error.js";
export { formatDuration, parseDuration } from "./config/duration.js";
export { formatHelp, type HelpOptions } from "./config/format-help.js";
export {
  DEFAULT_ENV_PREFIX,
  type HelpRequested,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from "./config/load-config.js";
export { envName, flagName } from "./config/names.js";
export {
  type BooleanOption,
  type ConfigSchema,
  type ConfigValues,
  type DurationOption,
  defineConfig,
  type IntegerOption,
  type ListOption,
  type OptionSpec,
  type StringOption,
} from "./config/schema.js";
export { abortableDelay } from "./lifecycle/abortable-delay.js";
export {
  type ComponentDefinition,
  type ComponentMainOptions,
  componentMain,
  EXIT_USAGE,
} from "./lifecycle/component-main.js";
export { EXIT_FAILURE, EXIT_OK, type RunMainOptions, runMain } from "./lifecycle/run-main.js";
export { runTogether } from "./lifecycle/run-together.js";
export { type Runnable, RunnableError, startRunnable, waitForAbort } from "./lifecycle/runnable.js";
export {
  createLogger,
  LOG_LEVEL_ENV,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
} from "./logging/logger.js";
export { type ObjectContext, type ObjectRef, objectContext, objectKey } from "./logging/object-context.js";
export {
  type CheckResult,
  type HealthCheck,
  type HealthChecks,
  PING_CHECK,
} from "./observability/health-checks.js";
export {
  Counter,
  createMetricsRegistry,
  Gauge,
  Histogram,
  type MetricsRegistryOptions,
  Registry,
  Summary,
} from "./observability/metrics.js";
export {
  createObservabilityHandler,
  type ObservabilityHandler,
  type ObservabilityHandlerOptions,
} from "./observability/observability-handler.js";
export {
  createObservabilityServer,
  type ObservabilityServer,
  type ObservabilityServerOptions,
} from "./observability/observability-server.js";
