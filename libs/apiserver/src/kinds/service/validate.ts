import type { Service, ServicePort, ServiceSpec } from "@capstan/api";
import {
  type FieldError,
  fieldError,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabels,
} from "@capstan/apimachinery";
import { validatePortNumberOrName } from "../shared/int-or-string.js";
import { PROTOCOLS } from "../shared/protocols.js";
import { validateIp, validatePortNumber } from "../shared/value-rules.js";

const TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const AFFINITIES = ["ClientIP", "None"];
const FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const FAMILIES = ["IPv4", "IPv6"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];
const MAX_AFFINITY_TIMEOUT_SECONDS = 86400;

function supported(path: string, value: string, values: readonly string[]): FieldError[] {
  return values.includes(value) ? [] : [fieldError.notSupported(path, value, values)];
}

/** Validates a Service's spec as Kubernetes' ValidateService does. */
export function validateService(service: Service): FieldError[] {
  const spec = service.spec;
  if (!spec) return [fieldError.required("spec")];
  const errors = supported("spec.type", spec.type, TYPES);
  if (spec.type === "ExternalName") {
    if (spec.clusterIp !== "" && spec.clusterIp !== "None")
      errors.push(fieldError.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
    if (spec.externalName === "") errors.push(fieldError.required("spec.externalName"));
    else
      for (const problem of validateDns1123Subdomain(spec.externalName))
        errors.push(fieldError.invalid("spec.externalName", spec.externalName, problem));
  } else if (spec.ports.length === 0 && spec.clusterIp !== "None") {
    errors.push(fieldError.required("spec.ports"));
  }
  errors.push(...validatePorts(spec));
  if (spec.clusterIp !== "" && spec.clusterIp !== "None")
    for (const problem of validateIp(spec.clusterIp))
      errors.push(fieldError.invalid("spec.clusterIP", spec.clusterIp, problem));
  for (const [index, ip] of spec.externalIps.entries())
    for (const problem of validateIp(ip))
      errors.push(fieldError.invalid(`spec.externalIPs[${index}]`, ip, problem));
  errors.push(...supported("spec.sessionAffinity", spec.sessionAffinity, AFFINITIES));
  const timeout = spec.sessionAffinityConfig?.clientIp?.timeoutSeconds;
  if (
    spec.sessionAffinity === "ClientIP" &&
    timeout !== undefined &&
    (timeout <= 0 || timeout > MAX_AFFINITY_TIMEOUT_SECONDS)
  )
    errors.push(
      fieldError.invalid(
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
        timeout,
        `must be greater than 0 and less than ${MAX_AFFINITY_TIMEOUT_SECONDS}`,
      ),
    );
  errors.push(...validateLabels(spec.selector, "spec.selector"));
  errors.push(...validateFamilies(spec));
  errors.push(...validateTrafficPolicies(spec));
  return errors;
}

function validatePorts(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const ports = new Set<string>();
  const nodePorts = new Set<string>();
  const nodePortsAllowed = spec.type === "NodePort" || spec.type === "LoadBalancer";
  for (const [index, port] of spec.ports.entries()) {
    const path = `spec.ports[${index}]`;
    errors.push(...validatePortName(port, path, spec.ports.length, names));
    for (const problem of validatePortNumber(port.port ?? 0))
      errors.push(fieldError.invalid(`${path}.port`, port.port ?? 0, problem));
    errors.push(...supported(`${path}.protocol`, port.protocol, PROTOCOLS));
    errors.push(...validatePortNumberOrName(port.targetPort, `${path}.targetPort`));
    const identity = `${port.port}/${port.protocol}`;
    if (ports.has(identity))
      errors.push(fieldError.duplicate(path, { port: port.port ?? 0, protocol: port.protocol }));
    ports.add(identity);
    if (port.nodePort === 0) continue;
    if (!nodePortsAllowed) {
      errors.push(
        fieldError.forbidden(`${path}.nodePort`, `may not be used when \`type\` is '${spec.type}'`),
      );
      continue;
    }
    // The configured range is the allocator's to check (src/allocation), since it is a server flag.
    for (const problem of validatePortNumber(port.nodePort))
      errors.push(fieldError.invalid(`${path}.nodePort`, port.nodePort, problem));
    const nodeIdentity = `${port.nodePort}/${port.protocol}`;
    if (nodePorts.has(nodeIdentity)) errors.push(fieldError.duplicate(`${path}.nodePort`, port.nodePort));
    nodePorts.add(nodeIdentity);
  }
  return errors;
}

/** Names are DNS labels, unique, and required once a service has more than one port. */
function validatePortName(port: ServicePort, path: string, count: number, names: Set<string>): FieldError[] {
  if (port.name === "") return count > 1 ? [fieldError.required(`${path}.name`)] : [];
  const errors = validateDns1123Label(port.name).map((problem) =>
    fieldError.invalid(`${path}.name`, port.name, problem),
  );
  if (names.has(port.name)) errors.push(fieldError.duplicate(`${path}.name`, port.name));
  names.add(port.name);
  return errors;
}

function validateFamilies(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.ipFamilyPolicy !== undefined)
    errors.push(...supported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, FAMILY_POLICIES));
  if (spec.ipFamilies.length > 2)
    errors.push(
      fieldError.invalid(
        "spec.ipFamilies",
        spec.ipFamilies,
        "may specify no more than one IP for each IP family",
      ),
    );
  for (const [index, family] of spec.ipFamilies.entries()) {
    errors.push(...supported(`spec.ipFamilies[${index}]`, family, FAMILIES));
    if (spec.ipFamilies.indexOf(family) !== index)
      errors.push(fieldError.duplicate(`spec.ipFamilies[${index}]`, family));
  }
  return errors;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.internalTrafficPolicy !== undefined)
    errors.push(...supported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  if (spec.externalTrafficPolicy === "") return errors;
  if (spec.type !== "NodePort" && spec.type !== "LoadBalancer")
    errors.push(
      fieldError.invalid(
        "spec.externalTrafficPolicy",
        spec.externalTrafficPolicy,
        "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
      ),
    );
  else errors.push(...supported("spec.externalTrafficPolicy", spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  return errors;
}
