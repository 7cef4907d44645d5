import { apiServerConfig } from "@capstan/apiserver";
import { defineConfig, LOG_LEVELS } from "@capstan/runtime";

/** `capstan up`: the apiserver's options plus the launcher's own. */
export const upConfig = defineConfig({
  ...apiServerConfig,
  disable: {
    type: "list",
    description: "Components not to run in this process: scheduler, controller-manager, kubelet, proxy",
  },
  nodeName: {
    type: "string",
    description: "Name of this machine's node (default: the host name)",
  },
  logFile: {
    type: "string",
    description: "Where the JSON logs go: a file (default <data-dir>/capstan.log) or - for stderr",
  },
  logLevel: {
    type: "string",
    default: "info",
    choices: LOG_LEVELS,
    description: "Minimum level of the JSON logs",
  },
});
