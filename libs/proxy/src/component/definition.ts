import type { ComponentDefinition } from "@capstan/runtime";
import { proxyConfig } from "./config.js";
import { createProxyComponent } from "./proxy-component.js";

/** The proxy as a deployable: `apps/proxy` and `capstan proxy`. */
export const proxyDefinition: ComponentDefinition<typeof proxyConfig> = {
  name: "proxy",
  usage: "proxy [flags]",
  summary:
    "Forwards Service node ports and cluster IPs to ready endpoints and answers cluster DNS, on one node.",
  config: proxyConfig,
  create: (values, logger) => [createProxyComponent(values, logger)],
};
