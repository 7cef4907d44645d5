import { create } from "@bufbuild/protobuf";
import { type Namespace, NamespaceSpecSchema, NamespaceStatusSchema } from "@capstan/api";
import { fieldError, nameValidators, validateFinalizers } from "@capstan/apimachinery";
import { ageColumn } from "../../registry/default-strategy.js";
import type { KindDefinition } from "../shared/kind-definition.js";

/** The label Kubernetes puts on every namespace so selectors can pick namespaces by name. */
const NAME_LABEL = "kubernetes.io/metadata.name";
const PHASES = ["Active", "Terminating"];

function defaultNamespace(namespace: Namespace): void {
  namespace.spec ??= create(NamespaceSpecSchema);
  if (!namespace.metadata?.deletionTimestamp && !namespace.spec.finalizers.includes("kubernetes"))
    namespace.spec.finalizers.push("kubernetes");
  namespace.status ??= create(NamespaceStatusSchema);
  if (namespace.status.phase === "") namespace.status.phase = "Active";
  if (namespace.metadata?.name) namespace.metadata.labels[NAME_LABEL] = namespace.metadata.name;
}

/** Namespace: a DNS label name, phase Active, the `kubernetes` finalizer; `STATUS AGE` columns. */
export const namespaceKind: KindDefinition<Namespace> = {
  nameRule: nameValidators.dnsLabel,
  defaults: defaultNamespace,
  validate: (namespace) => {
    const errors = validateFinalizers(namespace.spec?.finalizers, "spec.finalizers");
    const phase = namespace.status?.phase ?? "";
    if (phase !== "" && !PHASES.includes(phase))
      errors.push(fieldError.notSupported("status.phase", phase, PHASES));
    return errors;
  },
  columns: [
    {
      name: "Status",
      type: "string",
      description: "The phase of the namespace: Active, or Terminating while its contents are deleted.",
      priority: 0,
      cell: (namespace) => namespace.status?.phase ?? "",
    },
    ageColumn,
  ],
  selectableFields: (namespace) => ({ "status.phase": namespace.status?.phase ?? "" }),
};
