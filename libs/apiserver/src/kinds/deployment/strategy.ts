import type { Deployment } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { nonNegative } from "../shared/numbers.js";
import { longRunningTemplateRules, validateSelectorAndTemplate } from "../shared/pod-template.js";
import { validateUpdateStrategy } from "../shared/rolling-update.js";
import { immutableSelector } from "../shared/workload.js";
import { workloadColumns } from "../shared/workload-columns.js";
import { defaultDeployment } from "./defaults.js";

const STRATEGY_TYPES = ["Recreate", "RollingUpdate"];

function validateDeployment(deployment: Deployment): FieldError[] {
  const spec = deployment.spec;
  if (!spec) return [fieldError.required("spec")];
  const errors = [
    ...nonNegative(spec.replicas, "spec.replicas"),
    ...validateSelectorAndTemplate(spec.selector, spec.template, longRunningTemplateRules("deployment")),
    ...nonNegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit"),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined && deadline <= spec.minReadySeconds)
    errors.push(
      fieldError.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"),
    );
  errors.push(...validateUpdateStrategy(spec.strategy, "spec.strategy", STRATEGY_TYPES));
  if (spec.strategy?.type === "Recreate" && spec.strategy.rollingUpdate)
    errors.push(
      fieldError.forbidden(
        "spec.strategy.rollingUpdate",
        "may not be specified when strategy `type` is 'Recreate'",
      ),
    );
  return errors;
}

/** Deployment: Kubernetes' defaults and validation, an immutable selector; READY UP-TO-DATE AVAILABLE AGE columns. */
export const deploymentKind: KindDefinition<Deployment> = {
  defaults: defaultDeployment,
  validate: validateDeployment,
  validateUpdate: immutableSelector,
  columns: [
    {
      name: "Ready",
      type: "string",
      description: "Ready replicas out of the desired number.",
      priority: 0,
      cell: (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    },
    {
      name: "Up-to-date",
      type: "integer",
      description: "Replicas running the current pod template.",
      priority: 0,
      cell: (d) => d.status?.updatedReplicas ?? 0,
    },
    {
      name: "Available",
      type: "integer",
      description: "Replicas available to serve (ready for at least minReadySeconds).",
      priority: 0,
      cell: (d) => d.status?.availableReplicas ?? 0,
    },
    ageColumn,
    ...workloadColumns<Deployment>(),
  ],
};
