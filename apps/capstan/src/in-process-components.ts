import type { ApiServerComponent } from "@capstan/apiserver";
import { controllerManagerConfig, createControllerManagerComponent } from "@capstan/controllers";
import { createProxyComponent, proxyConfig } from "@capstan/proxy";
import { ConfigError, type Logger, type Runnable } from "@capstan/runtime";
import { afterApiServer, defaultsOf } from "./after-api-server.js";

/** The components `capstan up` runs next to the apiserver, each switchable off with `--disable`. */
export const IN_PROCESS_COMPONENTS = ["controller-manager", "proxy"] as const;
type ComponentName = (typeof IN_PROCESS_COMPONENTS)[number];

/**
 * Builds the in-process components from their own defaults plus the apiserver's addresses. In one process
 * there is nobody to stand by for, so leader election is off.
 */
export function inProcessComponents(
  apiserver: ApiServerComponent,
  disabled: readonly string[],
  loggerFor: (component: string) => Logger,
): Runnable[] {
  const unknown = disabled.find((name) => !(IN_PROCESS_COMPONENTS as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new ConfigError(
      "--disable",
      `unknown component ${JSON.stringify(unknown)} (known: ${IN_PROCESS_COMPONENTS.join(", ")})`,
    );
  }
  const builders: Record<ComponentName, () => Runnable> = {
    "controller-manager": () =>
      afterApiServer("controller-manager", apiserver, (endpoints) =>
        createControllerManagerComponent(
          { ...defaultsOf(controllerManagerConfig), apiserverGrpc: endpoints.grpc, leaderElect: false },
          loggerFor("controller-manager"),
        ),
      ),
    proxy: () =>
      afterApiServer("proxy", apiserver, (endpoints) =>
        createProxyComponent({ ...defaultsOf(proxyConfig), apiserver: endpoints.grpc }, loggerFor("proxy")),
      ),
  };
  return IN_PROCESS_COMPONENTS.filter((name) => !disabled.includes(name)).map((name) => builders[name]());
}
