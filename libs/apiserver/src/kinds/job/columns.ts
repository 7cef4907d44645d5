import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Job } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import type { TableColumn } from "../../registry/strategy.js";
import { formatAge, formatDuration } from "../../table/age.js";
import { workloadColumns } from "../shared/workload-columns.js";

function hasCondition(job: Job, type: string): boolean {
  return (
    job.status?.conditions.some((condition) => condition.type === type && condition.status === "True") ??
    false
  );
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in kubectl's order of precedence. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, "Complete")) return "Complete";
  if (hasCondition(job, "Failed")) return "Failed";
  if (job.metadata?.deletionTimestamp) return "Terminating";
  if (hasCondition(job, "Suspended")) return "Suspended";
  if (hasCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

/** `succeeded/completions`, or `succeeded/1 of parallelism` for a work queue job without completions. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** How long the job ran (or has been running); empty before it started. */
export function jobDuration(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return "";
  const end = job.status?.completionTime;
  if (!end) return formatAge(start, now);
  return formatDuration((timestampMs(end) - timestampMs(start)) / 1000);
}

/** Job columns: STATUS COMPLETIONS DURATION AGE, and with `-o wide` CONTAINERS IMAGES SELECTOR. */
export const jobColumns: readonly TableColumn<Job>[] = [
  { name: "Status", type: "string", description: "The state of the job.", priority: 0, cell: jobStatus },
  {
    name: "Completions",
    type: "string",
    description: "Successful pods out of the desired completions.",
    priority: 0,
    cell: jobCompletions,
  },
  { name: "Duration", type: "string", description: "How long the job ran.", priority: 0, cell: jobDuration },
  ageColumn,
  ...workloadColumns<Job>(),
];
