import { type Deployment, LabelSelectorSchema } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import { immutableMessage } from "../shared/immutable-message.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { nonNegative } from "../shared/numbers.js";
import { validateSelectorAndTemplate } from "../shared/pod-template.js";
import { validateRollingUpdate } from "../shared/rolling-update.js";
import { workloadColumns } from "../shared/workload-columns.js";
import { defaultDeployment } from "./defaults.js";

const STRATEGY_TYPES = ["Recreate", "RollingUpdate"];

function validateDeployment(deployment: Deployment): FieldError[] {
  const spec = deployment.spec;
  if (!spec) return [fieldError.required("spec")];
  const errors = [
    ...nonNegative(spec.replicas, "spec.replicas"),
    ...validateSelectorAndTemplate(spec.selector, spec.template, {
      kind: "deployment",
      restartPolicies: ["Always"],
      activeDeadlineAllowed: false,
    }),
    ...nonNegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit"),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined && deadline <= spec.minReadySeconds)
    errors.push(
      fieldError.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"),
    );
  const strategy = spec.strategy;
  const type = strategy?.type ?? "";
  if (!STRATEGY_TYPES.includes(type))
    errors.push(fieldError.notSupported("spec.strategy.type", type, STRATEGY_TYPES));
  if (type === "Recreate" && strategy?.rollingUpdate)
    errors.push(
      fieldError.forbidden(
        "spec.strategy.rollingUpdate",
        "may not be specified when strategy `type` is 'Recreate'",
      ),
    );
  if (type === "RollingUpdate" && strategy?.rollingUpdate)
    errors.push(
      ...validateRollingUpdate(
        strategy.rollingUpdate.maxUnavailable,
        strategy.rollingUpdate.maxSurge,
        "spec.strategy.rollingUpdate",
      ),
    );
  return errors;
}

/** Deployment: Kubernetes' defaults and validation, an immutable selector; READY UP-TO-DATE AVAILABLE AGE columns. */
export const deploymentKind: KindDefinition<Deployment> = {
  defaults: defaultDeployment,
  validate: validateDeployment,
  validateUpdate: (deployment, old) =>
    immutableMessage(LabelSelectorSchema, "spec.selector", deployment.spec?.selector, old.spec?.selector),
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
    ...workloadColumns<Deployment>({ template: (d) => d.spec?.template, selector: (d) => d.spec?.selector }),
  ],
};
