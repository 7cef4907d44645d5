import { create } from "@bufbuild/protobuf";
import { type ReplicaSet, ReplicaSetSpecSchema } from "@capstan/api";
import { type FieldError, fieldError } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";
import { nonNegative } from "../shared/numbers.js";
import {
  defaultPodTemplate,
  longRunningTemplateRules,
  validateSelectorAndTemplate,
} from "../shared/pod-template.js";
import { immutableSelector } from "../shared/workload.js";
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
    ...validateSelectorAndTemplate(spec.selector, spec.template, longRunningTemplateRules("replicaset")),
  ];
}

/** ReplicaSet: 1 replica by default, a selector matching the template and fixed for life; DESIRED CURRENT READY AGE. */
export const replicaSetKind: KindDefinition<ReplicaSet> = {
  defaults: defaultReplicaSet,
  validate: validateReplicaSet,
  validateUpdate: immutableSelector,
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
    ...workloadColumns<ReplicaSet>(),
  ],
  selectableFields: (replicaSet) => ({ "status.replicas": String(replicaSet.status?.replicas ?? 0) }),
};
