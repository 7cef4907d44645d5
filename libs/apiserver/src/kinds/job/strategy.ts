import type { Job } from "@capstan/api";
import type { KindDefinition } from "../shared/kind-definition.js";
import { jobColumns } from "./columns.js";
import { defaultJob } from "./defaults.js";
import { validateJob, validateJobUpdate } from "./validate.js";

/** Job: Kubernetes' defaults (a generated selector), validation, a fixed template; STATUS COMPLETIONS DURATION AGE. */
export const jobKind: KindDefinition<Job> = {
  defaults: defaultJob,
  validate: validateJob,
  validateUpdate: validateJobUpdate,
  columns: jobColumns,
  selectableFields: (job) => ({ "status.successful": String(job.status?.succeeded ?? 0) }),
};
