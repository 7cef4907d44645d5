import { join } from "node:path";
import type { ApiServerComponent } from "@capstan/apiserver";
import { controllerManagerConfig, createControllerManagerComponent } from "@capstan/controllers";
import { createKubeletComponent, kubeletConfig } from "@capstan/kubelet";
import { createProxyComponent, proxyConfig } from "@capstan/proxy";
import { ConfigError, type Logger, type Runnable } from "@capstan/runtime";
import { createSchedulerComponent, schedulerConfig } from "@capstan/scheduler";
import { afterApiServer, defaultsOf } from "./after-api-server.js";

/** The components `capstan up` runs next to the apiserver, each switchable off with `--disable`. */
export const IN_PROCESS_COMPONENTS = ["scheduler", "controller-manager", "kubelet", "proxy"] as const;
type ComponentName = (typeof IN_PROCESS_COMPONENTS)[number];

/**
 * Builds the in-process components from their own defaults plus the apiserver's addresses. In one process
 * there is nobody to stand by for, so leader election is off.
 */
export function inProcessComponents(
  apiserver: ApiServerComponent,
  disabled: readonly string[],
  settings: { readonly dataDir: string; readonly nodeName: string | undefined },
  loggerFor: (component: string) => Logger,
): Runnable[] {
  const unknown = disabled.find((name) => !(IN_PROCESS_COMPONENTS as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new ConfigError(
      "--disable",
      `unknown component ${JSON.stringify(unknown)} (known: ${IN_PROCESS_COMPONENTS.join(", ")})`,
    );
  }
  const proxied = !disabled.includes("proxy");
  const builders: Record<ComponentName, () => Runnable> = {
    scheduler: () =>
      afterApiServer("scheduler", apiserver, (endpoints) =>
        createSchedulerComponent(
          {
            ...defaultsOf(schedulerConfig),
            apiserverUrl: endpoints.url,
            apiserverGrpc: endpoints.grpc,
            leaderElect: false,
          },
          loggerFor("scheduler"),
        ),
      ),
    "controller-manager": () =>
      afterApiServer("controller-manager", apiserver, (endpoints) =>
        createControllerManagerComponent(
          { ...defaultsOf(controllerManagerConfig), apiserverGrpc: endpoints.grpc, leaderElect: false },
          loggerFor("controller-manager"),
        ),
      ),
    kubelet: () =>
      afterApiServer("kubelet", apiserver, (endpoints) => {
        const defaults = defaultsOf(kubeletConfig);
        return createKubeletComponent(
          {
            ...defaults,
            apiserverUrl: endpoints.url,
            apiserverGrpc: endpoints.grpc,
            nodeName: settings.nodeName ?? defaults.nodeName,
            rootDir: join(settings.dataDir, "kubelet"),
            // Pods resolve service names through the proxy's cluster DNS when it runs here.
            clusterDns: proxied ? defaultsOf(proxyConfig).clusterDns : defaults.clusterDns,
          },
          loggerFor("kubelet"),
        );
      }),
    proxy: () =>
      afterApiServer("proxy", apiserver, (endpoints) =>
        createProxyComponent(
          { ...defaultsOf(proxyConfig), apiserverGrpc: endpoints.grpc },
          loggerFor("proxy"),
        ),
      ),
  };
  return IN_PROCESS_COMPONENTS.filter((name) => !disabled.includes(name)).map((name) => builders[name]());
}
