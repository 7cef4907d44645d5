import { join, relative, resolve } from "node:path";
import { type ApiServerEndpoints, createApiServerComponent } from "@capstan/apiserver";
import { type ConfigValues, createLogger, type Logger, type Runnable } from "@capstan/runtime";
import { pino } from "pino";
import { inProcessComponents } from "./in-process-components.js";
import { writeKubeconfig } from "./kubeconfig.js";
import type { upConfig } from "./up-config.js";

export interface Up {
  readonly logger: Logger;
  readonly runnables: readonly Runnable[];
}

/**
 * Everything `capstan up` runs in this process, on the embedded store by default. Progress for people goes
 * to stdout; the JSON logs go to a file so the terminal stays readable.
 */
export function createUp(config: ConfigValues<typeof upConfig>, say: (line: string) => void): Up {
  const logFile = config.logFile ?? join(config.dataDir, "capstan.log");
  const destination =
    logFile === "-"
      ? pino.destination({ dest: 2, sync: true })
      : pino.destination({ dest: logFile, mkdir: true, sync: true });
  // One logger per component, all to the same place, so every line names the component that wrote it.
  const loggerFor = (component: string) => createLogger({ component, level: config.logLevel, destination });
  const logger = loggerFor("capstan");
  const apiserver = createApiServerComponent(config, loggerFor("apiserver"));
  say(`capstan: starting (data in ${config.dataDir}, logs in ${logFile === "-" ? "stderr" : logFile})`);
  apiserver
    .ready()
    .then((endpoints) => announce(config.dataDir, endpoints, say))
    .catch((error: unknown) => say(`capstan: ${error instanceof Error ? error.message : String(error)}`));
  const components = inProcessComponents(apiserver, config.disable, config, loggerFor);
  return { logger, runnables: [apiserver, ...components] };
}

async function announce(
  dataDir: string,
  endpoints: ApiServerEndpoints,
  say: (line: string) => void,
): Promise<void> {
  say(`  ✓ store       ${endpoints.store}`);
  say(`  ✓ apiserver   ${endpoints.url} (REST), ${endpoints.grpc} (gRPC)`);
  const kubeconfig = join(dataDir, "kubeconfig");
  await writeKubeconfig(kubeconfig, endpoints.url);
  const nearby = relative(process.cwd(), kubeconfig);
  const shown = nearby && !nearby.startsWith("..") ? nearby : resolve(kubeconfig);
  say("");
  say(`capstan is ready. Kubeconfig: ${shown}`);
  say(`  export KUBECONFIG=${shown}`);
  say("  kubectl get namespaces");
  say("Press Ctrl-C to stop.");
}
