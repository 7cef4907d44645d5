import { createKubeletComponent, kubeletConfig } from "@capstan/kubelet";
import { componentMain } from "@capstan/runtime";

await componentMain({
  name: "kubelet",
  usage: "kubelet [flags]",
  summary: "Runs the pods bound to this node on the local Docker Engine and reports their status.",
  config: kubeletConfig,
  create: (values, logger) => [createKubeletComponent(values, logger)],
});
