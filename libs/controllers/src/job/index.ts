export {
  createJobController,
  JOB_CONTROLLER,
  jobControllerDescriptor,
  jobControllerFactory,
} from "./job-controller.js";
export { DEFAULT_POD_FAILURE_BACKOFF, type JobPlan, type PodFailureBackoff, planJob } from "./job-plan.js";
export { finishedCondition, syncJob } from "./job-sync.js";
