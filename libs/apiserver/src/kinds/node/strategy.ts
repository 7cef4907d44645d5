import type { Node, Taint } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  validateLabelValue,
  validateQualifiedName,
} from "@capstan/apimachinery";
import type { KindDefinition } from "../shared/kind-definition.js";
import { validateCidr } from "../shared/value-rules.js";
import { nodeColumns } from "./columns.js";

/** The effects a taint may have. */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** What the node can give to pods is what it has, unless the node agent says otherwise. */
function defaultNode(node: Node): void {
  const status = node.status;
  if (status && Object.keys(status.allocatable).length === 0) status.allocatable = { ...status.capacity };
}

function validateTaints(taints: readonly Taint[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [index, taint] of taints.entries()) {
    const path = `spec.taints[${index}]`;
    for (const problem of validateQualifiedName(taint.key))
      errors.push(fieldError.invalid(`${path}.key`, taint.key, problem));
    for (const problem of validateLabelValue(taint.value))
      errors.push(fieldError.invalid(`${path}.value`, taint.value, problem));
    if (taint.effect === "") errors.push(fieldError.required(`${path}.effect`));
    else if (!TAINT_EFFECTS.includes(taint.effect))
      errors.push(fieldError.notSupported(`${path}.effect`, taint.effect, TAINT_EFFECTS));
    const identity = `${taint.key}:${taint.effect}`;
    if (seen.has(identity)) errors.push(fieldError.duplicate(path, { key: taint.key, effect: taint.effect }));
    seen.add(identity);
  }
  return errors;
}

function validateNode(node: Node): FieldError[] {
  const errors = validateTaints(node.spec?.taints ?? []);
  const cidrs = node.spec?.podCidrs ?? [];
  for (const [index, cidr] of cidrs.entries())
    for (const problem of validateCidr(cidr))
      errors.push(fieldError.invalid(`spec.podCIDRs[${index}]`, cidr, problem));
  const podCidr = node.spec?.podCidr ?? "";
  if (podCidr !== "")
    for (const problem of validateCidr(podCidr))
      errors.push(fieldError.invalid("spec.podCIDR", podCidr, problem));
  return errors;
}

/** Node: valid taints and pod CIDRs; allocatable defaults to capacity; kubectl's node columns. */
export const nodeKind: KindDefinition<Node> = {
  defaults: defaultNode,
  validate: validateNode,
  columns: nodeColumns,
  selectableFields: (node) => ({ "spec.unschedulable": String(node.spec?.unschedulable ?? false) }),
  // The kubelet registers its Node with capacity, addresses and conditions in one create.
  keepsStatusOnCreate: true,
};
