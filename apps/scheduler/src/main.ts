import { componentMain } from "@capstan/runtime";
import { schedulerDefinition } from "@capstan/scheduler";

await componentMain(schedulerDefinition);
