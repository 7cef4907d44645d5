import type { ComponentDefinition } from "@capstan/runtime";
import { createControllerManagerComponent } from "./controller-manager.js";
import { controllerManagerConfig } from "./controller-manager-config.js";

/** The controller-manager as a deployable: `apps/controller-manager` and `capstan controller-manager`. */
export const controllerManagerDefinition: ComponentDefinition<typeof controllerManagerConfig> = {
  name: "controller-manager",
  usage: "controller-manager [flags]",
  summary:
    "Runs the controllers (replicasets, deployments, daemonsets, jobs, endpoints, nodes, garbage collection) while holding the leader Lease.",
  config: controllerManagerConfig,
  create: (values, logger) => [createControllerManagerComponent(values, logger)],
};
