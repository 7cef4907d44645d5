import type { ApiServerComponent, ApiServerEndpoints } from "@capstan/apiserver";
import {
  type ConfigSchema,
  type ConfigValues,
  loadConfig,
  type Runnable,
  startRunnable,
} from "@capstan/runtime";

/**
 * A component's configuration as its own deployable would read it with no flags and no environment: the
 * base that `capstan up` overrides with the in-process apiserver's addresses.
 */
export function defaultsOf<S extends ConfigSchema>(schema: S): ConfigValues<S> {
  const loaded = loadConfig(schema, { argv: [], env: {} });
  if (loaded.help) throw new Error("unreachable: no --help in an empty argv");
  return loaded.values;
}

/**
 * A runnable that builds its component once the in-process apiserver is ready (the components need its
 * addresses, which are only known then, e.g. with --api-port 0) and runs it until the shared stop signal.
 */
export function afterApiServer(
  name: string,
  apiserver: ApiServerComponent,
  build: (endpoints: ApiServerEndpoints) => Runnable,
): Runnable {
  return {
    name,
    async start(signal) {
      const endpoints = await apiserver.ready();
      if (signal.aborted) return;
      await startRunnable(build(endpoints), signal);
    },
  };
}
