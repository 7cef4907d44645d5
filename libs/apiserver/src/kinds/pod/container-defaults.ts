import { create } from "@bufbuild/protobuf";
import {
  type Container,
  type HTTPGetAction,
  type LifecycleHandler,
  type Probe,
  ResourceRequirementsSchema,
} from "@capstan/api";

/**
 * The pull policy Kubernetes gives a container that names none: `Always` for the `latest` tag (which an
 * image without a tag or digest has), `IfNotPresent` for any other tag or a digest.
 */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  if (!hasTag) return at >= 0 ? "IfNotPresent" : "Always";
  return name.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}

/** Fills a container's defaults (as Kubernetes' SetDefaults_Container and its nested defaulters). */
export function defaultContainer(container: Container, hostNetwork: boolean): void {
  if (container.imagePullPolicy === "") container.imagePullPolicy = defaultPullPolicy(container.image);
  if (container.terminationMessagePath === "") container.terminationMessagePath = "/dev/termination-log";
  if (container.terminationMessagePolicy === "") container.terminationMessagePolicy = "File";
  // Kubernetes always shows `resources: {}` (the field is not a pointer there).
  container.resources ??= create(ResourceRequirementsSchema);
  for (const port of container.ports) {
    if (port.protocol === "") port.protocol = "TCP";
    // With the host's network a container port is a host port.
    if (hostNetwork && port.hostPort === 0 && port.containerPort !== undefined)
      port.hostPort = port.containerPort;
  }
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe])
    if (probe) defaultProbe(probe);
  for (const handler of [container.lifecycle?.postStart, container.lifecycle?.preStop])
    if (handler) defaultHandler(handler);
  for (const variable of container.env) {
    const fieldRef = variable.valueFrom?.fieldRef;
    if (fieldRef && fieldRef.apiVersion === "") fieldRef.apiVersion = "v1";
  }
}

/** Probe timing defaults: every 10 s, 1 s timeout, 1 success, 3 failures. */
function defaultProbe(probe: Probe): void {
  if (probe.timeoutSeconds === 0) probe.timeoutSeconds = 1;
  if (probe.periodSeconds === 0) probe.periodSeconds = 10;
  if (probe.successThreshold === 0) probe.successThreshold = 1;
  if (probe.failureThreshold === 0) probe.failureThreshold = 3;
  if (probe.httpGet) defaultHttpGet(probe.httpGet);
}

function defaultHandler(handler: LifecycleHandler): void {
  if (handler.httpGet) defaultHttpGet(handler.httpGet);
}

function defaultHttpGet(action: HTTPGetAction): void {
  if (action.path === "") action.path = "/";
  if (action.scheme === "") action.scheme = "HTTP";
}
