import { apiServerConfig } from "@capstan/apiserver";
import { defineConfig } from "@capstan/runtime";

/** `capstan up`: the apiserver's options plus the launcher's own. */
export const upConfig = defineConfig({
  ...apiServerConfig,
  logFile: {
    type: "string",
    description: "Where the JSON logs go: a file (default <data-dir>/capstan.log) or - for stderr",
  },
  logLevel: { type: "string", default: "info", description: "Log level: debug, info, warn, error" },
});
