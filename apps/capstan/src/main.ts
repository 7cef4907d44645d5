import { apiServerDefinition } from "@capstan/apiserver";
import { controllerManagerDefinition } from "@capstan/controllers";
import { kubeletDefinition } from "@capstan/kubelet";
import { proxyDefinition } from "@capstan/proxy";
import { componentMain, EXIT_USAGE } from "@capstan/runtime";
import { schedulerDefinition } from "@capstan/scheduler";
import { upCommand } from "./up-command.js";

/** `capstan <command> [flags]`: the all-in-one cluster, or one component as its own deployable (images use this). */
const commands: Record<string, (argv: readonly string[]) => Promise<never>> = {
  up: upCommand,
  apiserver: (argv) => componentMain({ ...apiServerDefinition, argv }),
  scheduler: (argv) => componentMain({ ...schedulerDefinition, argv }),
  "controller-manager": (argv) => componentMain({ ...controllerManagerDefinition, argv }),
  kubelet: (argv) => componentMain({ ...kubeletDefinition, argv }),
  proxy: (argv) => componentMain({ ...proxyDefinition, argv }),
};

const [name, ...argv] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];
if (command) {
  await command(argv);
} else {
  const usage = `Usage: capstan <command> [flags]\nCommands: ${Object.keys(commands).join(", ")}\nRun "capstan <command> --help" for its flags.`;
  const asked = name === "--help" || name === "-h" || name === "help";
  (asked ? console.log : console.error)(
    name === undefined || asked ? usage : `capstan: unknown command "${name}"\n${usage}`,
  );
  process.exit(asked ? 0 : EXIT_USAGE);
}
