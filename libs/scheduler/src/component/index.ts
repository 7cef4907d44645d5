export {
  createSchedulerComponent,
  type SchedulerComponent,
  type SchedulerComponentOptions,
} from "./component.js";
export { schedulerConfig } from "./config.js";
export { schedulerDefinition } from "./definition.js";
