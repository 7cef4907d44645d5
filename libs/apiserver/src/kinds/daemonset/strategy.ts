import { create } from "@bufbuild/protobuf";
import {
  type DaemonSet,
  DaemonSetSpecSchema,
  DaemonSetUpdateStrategySchema,
  intOrString,
  RollingUpdateDaemonSetSchema,
} from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { nonNegative } from "../shared/numbers.js";
import {
  defaultPodTemplate,
  longRunningTemplateRules,
  validateSelectorAndTemplate,
} from "../shared/pod-template.js";
import { validateUpdateStrategy } from "../shared/rolling-update.js";
import { formatLabels } from "../shared/selector-format.js";
import { immutableSelector } from "../shared/workload.js";
import { workloadColumns } from "../shared/workload-columns.js";

const UPDATE_STRATEGIES = ["OnDelete", "RollingUpdate"];

/** RollingUpdate one node at a time without surge, 10 old revisions kept, the template's defaults. */
function defaultDaemonSet(daemonSet: DaemonSet): void {
  daemonSet.spec ??= create(DaemonSetSpecSchema);
  const spec = daemonSet.spec;
  spec.updateStrategy ??= create(DaemonSetUpdateStrategySchema);
  if (spec.updateStrategy.type === "") spec.updateStrategy.type = "RollingUpdate";
  if (spec.updateStrategy.type === "RollingUpdate") {
    spec.updateStrategy.rollingUpdate ??= create(RollingUpdateDaemonSetSchema);
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= intOrString(1);
    spec.updateStrategy.rollingUpdate.maxSurge ??= intOrString(0);
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

function validateDaemonSet(daemonSet: DaemonSet): FieldError[] {
  const spec = daemonSet.spec;
  if (!spec) return [fieldError.required("spec")];
  return [
    ...validateSelectorAndTemplate(spec.selector, spec.template, longRunningTemplateRules("daemonset")),
    ...nonNegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit"),
    ...validateUpdateStrategy(spec.updateStrategy, "spec.updateStrategy", UPDATE_STRATEGIES),
  ];
}

/** DaemonSet: Kubernetes' defaults and validation, an immutable selector; kubectl's daemon set columns. */
export const daemonSetKind: KindDefinition<DaemonSet> = {
  defaults: defaultDaemonSet,
  validate: validateDaemonSet,
  validateUpdate: immutableSelector,
  columns: [
    {
      name: "Desired",
      type: "integer",
      description: "Nodes that should run the daemon pod.",
      priority: 0,
      cell: (d) => d.status?.desiredNumberScheduled ?? 0,
    },
    {
      name: "Current",
      type: "integer",
      description: "Nodes running at least one daemon pod.",
      priority: 0,
      cell: (d) => d.status?.currentNumberScheduled ?? 0,
    },
    {
      name: "Ready",
      type: "integer",
      description: "Nodes whose daemon pod is ready.",
      priority: 0,
      cell: (d) => d.status?.numberReady ?? 0,
    },
    {
      name: "Up-to-date",
      type: "integer",
      description: "Nodes running the current daemon pod template.",
      priority: 0,
      cell: (d) => d.status?.updatedNumberScheduled ?? 0,
    },
    {
      name: "Available",
      type: "integer",
      description: "Nodes whose daemon pod is available.",
      priority: 0,
      cell: (d) => d.status?.numberAvailable ?? 0,
    },
    {
      name: "Node Selector",
      type: "string",
      description: "The labels a node needs to run the daemon pod.",
      priority: 0,
      cell: (d) => formatLabels(d.spec?.template?.spec?.nodeSelector ?? {}),
    },
    ageColumn,
    ...workloadColumns<DaemonSet>(),
  ],
};
