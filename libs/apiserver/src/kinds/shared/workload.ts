import { type LabelSelector, LabelSelectorSchema, type PodTemplateSpec } from "@capstan/api";
import type { FieldError } from "@capstan/apimachinery";
import { immutableMessage } from "./immutable-message.js";

/** A workload (Deployment, ReplicaSet, DaemonSet, Job): its spec selects pods and holds their template. */
export interface WorkloadObject {
  spec?: { selector?: LabelSelector; template?: PodTemplateSpec };
}

/**
 * `spec.selector: Invalid value: …: field is immutable` when a workload's selector changed: a new selector
 * would orphan the pods it made and could adopt pods it did not make.
 */
export function immutableSelector(object: WorkloadObject, old: WorkloadObject): FieldError[] {
  return immutableMessage(LabelSelectorSchema, "spec.selector", object.spec?.selector, old.spec?.selector);
}
