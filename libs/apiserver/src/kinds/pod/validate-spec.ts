import type { PodSpec } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabels,
  validateQualifiedName,
} from "@capstan/apimachinery";
import { type ContainerContext, validateContainer } from "./validate-container.js";
import { validateAffinity, validateTolerations } from "./validate-scheduling.js";
import { validateVolumes } from "./validate-volumes.js";

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const MAX_INT32 = 2147483647n;

function supported(path: string, value: string, values: readonly string[]): FieldError[] {
  if (value === "") return [fieldError.required(path)];
  return values.includes(value) ? [] : [fieldError.notSupported(path, value, values)];
}

function validateName(value: string, path: string, rule: (value: string) => string[]): FieldError[] {
  return value === "" ? [] : rule(value).map((problem) => fieldError.invalid(path, value, problem));
}

/**
 * A pod spec (of a Pod or of a workload's template) as Kubernetes' ValidatePodSpec checks it, with field
 * paths under `path` (`spec` or `spec.template.spec`).
 */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [fieldError.required(path)];
  const errors = validateVolumes(spec.volumes, `${path}.volumes`);
  const context: ContainerContext = {
    volumes: new Set(spec.volumes.map((volume) => volume.name)),
    names: new Set(),
    hostNetwork: spec.hostNetwork,
  };
  for (const [index, container] of spec.initContainers.entries())
    errors.push(...validateContainer(container, `${path}.initContainers[${index}]`, true, context));
  if (spec.containers.length === 0) errors.push(fieldError.required(`${path}.containers`));
  for (const [index, container] of spec.containers.entries())
    errors.push(...validateContainer(container, `${path}.containers[${index}]`, false, context));
  errors.push(...supported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  errors.push(...supported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.dnsPolicy === "None" && (spec.dnsConfig?.nameservers.length ?? 0) === 0)
    errors.push(
      fieldError.required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"),
    );
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && grace < 0n)
    errors.push(
      fieldError.invalid(
        `${path}.terminationGracePeriodSeconds`,
        Number(grace),
        "must be greater than or equal to 0",
      ),
    );
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1n || deadline > MAX_INT32))
    errors.push(
      fieldError.invalid(
        `${path}.activeDeadlineSeconds`,
        Number(deadline),
        "must be between 1 and 2147483647, inclusive",
      ),
    );
  errors.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errors.push(...validateName(spec.nodeName, `${path}.nodeName`, validateDns1123Subdomain));
  errors.push(
    ...validateName(spec.serviceAccountName, `${path}.serviceAccountName`, validateDns1123Subdomain),
  );
  errors.push(...validateName(spec.hostname, `${path}.hostname`, validateDns1123Label));
  errors.push(...validateName(spec.subdomain, `${path}.subdomain`, validateDns1123Label));
  errors.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  errors.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  for (const [index, gate] of spec.readinessGates.entries())
    for (const problem of validateQualifiedName(gate.conditionType))
      errors.push(
        fieldError.invalid(`${path}.readinessGates[${index}].conditionType`, gate.conditionType, problem),
      );
  return errors;
}
