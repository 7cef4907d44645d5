import type { ComponentDefinition } from "@capstan/runtime";
import { createKubeletComponent } from "./kubelet-component.js";
import { kubeletConfig } from "./kubelet-config.js";

/** The kubelet as a deployable: `apps/kubelet` and `capstan kubelet`. */
export const kubeletDefinition: ComponentDefinition<typeof kubeletConfig> = {
  name: "kubelet",
  usage: "kubelet [flags]",
  summary: "Runs the pods bound to this node on the local Docker Engine and reports their status.",
  config: kubeletConfig,
  create: (values, logger) => [createKubeletComponent(values, logger)],
};
