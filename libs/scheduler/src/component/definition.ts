import type { ComponentDefinition } from "@capstan/runtime";
import { createSchedulerComponent } from "./component.js";
import { schedulerConfig } from "./config.js";

/** The scheduler as a deployable: `apps/scheduler` and `capstan scheduler`. */
export const schedulerDefinition: ComponentDefinition<typeof schedulerConfig> = {
  name: "scheduler",
  usage: "scheduler [flags]",
  summary: "Places pending pods on nodes; with --leader-elect, only the holder of the Lease schedules.",
  config: schedulerConfig,
  create: (values, logger) => [createSchedulerComponent(values, logger)],
};
