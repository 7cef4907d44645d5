import type { Container, ContainerPort, VolumeMount } from "@capstan/api";
import { type FieldError, fieldError, validateDns1123Label } from "@capstan/apimachinery";
import { PROTOCOLS } from "../shared/protocols.js";
import { validatePortName, validatePortNumber } from "../shared/value-rules.js";
import { validateEnvironment } from "./validate-env.js";
import { validateLifecycleHandler, validateProbe } from "./validate-probe.js";
import { validateResourceRequirements } from "./validate-resources.js";
import { validateLocalPath } from "./validate-volumes.js";

const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];

/** What a container's validation needs to know about the pod around it. */
export interface ContainerContext {
  /** Names of the pod's volumes (volume mounts must name one). */
  readonly volumes: ReadonlySet<string>;
  /** Container names seen so far in the pod (names are unique across init and regular containers). */
  readonly names: Set<string>;
  readonly hostNetwork: boolean;
}

function supported(path: string, value: string, values: readonly string[]): FieldError[] {
  if (value === "") return [fieldError.required(path)];
  return values.includes(value) ? [] : [fieldError.notSupported(path, value, values)];
}

function validatePorts(ports: readonly ContainerPort[], path: string, hostNetwork: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  for (const [index, port] of ports.entries()) {
    const at = `${path}[${index}]`;
    if (port.name !== "") {
      for (const problem of validatePortName(port.name))
        errors.push(fieldError.invalid(`${at}.name`, port.name, problem));
      if (names.has(port.name)) errors.push(fieldError.duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0)
      errors.push(fieldError.required(`${at}.containerPort`));
    else
      for (const problem of validatePortNumber(port.containerPort))
        errors.push(fieldError.invalid(`${at}.containerPort`, port.containerPort, problem));
    if (port.hostPort !== 0)
      for (const problem of validatePortNumber(port.hostPort))
        errors.push(fieldError.invalid(`${at}.hostPort`, port.hostPort, problem));
    if (hostNetwork && port.hostPort !== 0 && port.hostPort !== port.containerPort)
      errors.push(
        fieldError.invalid(
          `${at}.hostPort`,
          port.hostPort,
          "must match `containerPort` when `hostNetwork` is true",
        ),
      );
    errors.push(...supported(`${at}.protocol`, port.protocol, PROTOCOLS));
  }
  return errors;
}

function validateVolumeMounts(
  mounts: readonly VolumeMount[],
  path: string,
  volumes: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  const mountPaths = new Set<string>();
  for (const [index, mount] of mounts.entries()) {
    const at = `${path}[${index}]`;
    if (mount.name === "") errors.push(fieldError.required(`${at}.name`));
    else if (!volumes.has(mount.name))
      errors.push(fieldError.invalid(`${at}.name`, mount.name, "not found among the pod's volumes"));
    if (mount.mountPath === "") errors.push(fieldError.required(`${at}.mountPath`));
    else if (mountPaths.has(mount.mountPath))
      errors.push(fieldError.invalid(`${at}.mountPath`, mount.mountPath, "must be unique"));
    mountPaths.add(mount.mountPath);
    if (mount.subPath !== "") errors.push(...validateLocalPath(mount.subPath, `${at}.subPath`));
  }
  return errors;
}

/**
 * One container: a unique DNS-label name, an image, ports, env, mounts of existing volumes, resources,
 * probes and the supported policies. Init containers may not have probes or lifecycle hooks unless they
 * are sidecars (restartPolicy Always); regular containers may not have a restartPolicy.
 */
export function validateContainer(
  container: Container,
  path: string,
  init: boolean,
  context: ContainerContext,
): FieldError[] {
  const errors: FieldError[] = [];
  if (container.name === "") errors.push(fieldError.required(`${path}.name`));
  else {
    for (const problem of validateDns1123Label(container.name))
      errors.push(fieldError.invalid(`${path}.name`, container.name, problem));
    if (context.names.has(container.name)) errors.push(fieldError.duplicate(`${path}.name`, container.name));
    context.names.add(container.name);
  }
  if (container.image === "") errors.push(fieldError.required(`${path}.image`));
  else if (container.image.trim() !== container.image)
    errors.push(
      fieldError.invalid(`${path}.image`, container.image, "must not have leading or trailing whitespace"),
    );
  errors.push(...validatePorts(container.ports, `${path}.ports`, context.hostNetwork));
  errors.push(...validateEnvironment(container.env, container.envFrom, path));
  errors.push(...validateVolumeMounts(container.volumeMounts, `${path}.volumeMounts`, context.volumes));
  errors.push(...validateResourceRequirements(container.resources, `${path}.resources`));
  errors.push(...supported(`${path}.imagePullPolicy`, container.imagePullPolicy, PULL_POLICIES));
  errors.push(
    ...supported(
      `${path}.terminationMessagePolicy`,
      container.terminationMessagePolicy,
      TERMINATION_MESSAGE_POLICIES,
    ),
  );
  const sidecar = container.restartPolicy === "Always";
  if (container.restartPolicy !== undefined) {
    if (!init)
      errors.push(fieldError.forbidden(`${path}.restartPolicy`, "may not be set for non-init containers"));
    else if (!sidecar)
      errors.push(fieldError.notSupported(`${path}.restartPolicy`, container.restartPolicy, ["Always"]));
  }
  const probes = [
    ["livenessProbe", container.livenessProbe],
    ["readinessProbe", container.readinessProbe],
    ["startupProbe", container.startupProbe],
  ] as const;
  for (const [kind, probe] of probes) {
    if (probe && init && !sidecar)
      errors.push(
        fieldError.forbidden(
          `${path}.${kind}`,
          "may not be set for init containers without restartPolicy=Always",
        ),
      );
    else errors.push(...validateProbe(probe, kind, `${path}.${kind}`));
  }
  if (container.lifecycle && init && !sidecar)
    errors.push(
      fieldError.forbidden(
        `${path}.lifecycle`,
        "may not be set for init containers without restartPolicy=Always",
      ),
    );
  else {
    errors.push(...validateLifecycleHandler(container.lifecycle?.postStart, `${path}.lifecycle.postStart`));
    errors.push(...validateLifecycleHandler(container.lifecycle?.preStop, `${path}.lifecycle.preStop`));
  }
  return errors;
}
