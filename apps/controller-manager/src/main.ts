import { controllerManagerConfig, createControllerManagerComponent } from "@capstan/controllers";
import { componentMain } from "@capstan/runtime";

await componentMain({
  name: "controller-manager",
  usage: "controller-manager [flags]",
  summary: "Runs the controllers (replicasets, deployments, ...) while holding the leader Lease.",
  config: controllerManagerConfig,
  create: (values, logger) => [createControllerManagerComponent(values, logger)],
});
