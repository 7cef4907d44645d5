import { createProxyComponent, proxyConfig } from "@capstan/proxy";
import { componentMain } from "@capstan/runtime";

await componentMain({
  name: "proxy",
  usage: "proxy [flags]",
  summary:
    "Forwards Service node ports and cluster IPs to ready endpoints and answers cluster DNS, on one node.",
  config: proxyConfig,
  create: (values, logger) => [createProxyComponent(values, logger)],
});
