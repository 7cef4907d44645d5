import { create } from "@bufbuild/protobuf";
import { LabelSelectorSchema, type ReplicaSet, ReplicaSetSpecSchema } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import { immutableMessage } from "../shared/immutable-message.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { nonNegative } from "../shared/numbers.js";
import { defaultPodTemplate, validateSelectorAndTemplate } from "../shared/pod-template.js";
import { workloadColumns } from "../shared/workload-columns.js";

function defaultReplicaSet(replicaSet: ReplicaSet): void {
  replicaSet.spec ??= create(ReplicaSetSpecSchema);
  replicaSet.spec.replicas ??= 1;
  defaultPodTemplate(replicaSet.spec.template);
}

function validateReplicaSet(replicaSet: ReplicaSet): FieldError[] {
  const spec = replicaSet.spec;
  if (!spec) return [fieldError.required("spec")];
  return [
    ...nonNegative(spec.replicas, "spec.replicas"),
    ...nonNegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...validateSelectorAndTemplate(spec.selector, spec.template, {
      kind: "replicaset",
      restartPolicies: ["Always"],
      activeDeadlineAllowed: false,
    }),
  ];
}

/** ReplicaSet: 1 replica by default, a selector matching the template and fixed for life; DESIRED CURRENT READY AGE. */
export const replicaSetKind: KindDefinition<ReplicaSet> = {
  defaults: defaultReplicaSet,
  validate: validateReplicaSet,
  validateUpdate: (replicaSet, old) =>
    immutableMessage(LabelSelectorSchema, "spec.selector", replicaSet.spec?.selector, old.spec?.selector),
  columns: [
    {
      name: "Desired",
      type: "integer",
      description: "The desired number of replicas.",
      priority: 0,
      cell: (r) => r.spec?.replicas ?? 0,
    },
    {
      name: "Current",
      type: "integer",
      description: "The number of replicas that exist.",
      priority: 0,
      cell: (r) => r.status?.replicas ?? 0,
    },
    {
      name: "Ready",
      type: "integer",
      description: "The number of ready replicas.",
      priority: 0,
      cell: (r) => r.status?.readyReplicas ?? 0,
    },
    ageColumn,
    ...workloadColumns<ReplicaSet>({ template: (r) => r.spec?.template, selector: (r) => r.spec?.selector }),
  ],
  selectableFields: (replicaSet) => ({ "status.replicas": String(replicaSet.status?.replicas ?? 0) }),
};
