import { create } from "@bufbuild/protobuf";
import {
  type EndpointAddress,
  EndpointAddressSchema,
  type EndpointPort,
  EndpointPortSchema,
  type EndpointSubset,
  EndpointSubsetSchema,
  intOrStringValue,
  ObjectReferenceSchema,
  type Pod,
  type Service,
  type ServicePort,
} from "@capstan/api";

/** Whether a pod's PodReady condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (condition) => condition.type === "Ready" && condition.status === "True",
  );
}

/**
 * Whether a pod can serve at all: it has an IP, is not being deleted, and has not finished for good
 * (Kubernetes' ShouldPodBeInEndpoints: a Never pod that ended, an OnFailure pod that succeeded).
 */
export function isPodServing(pod: Pod): boolean {
  if (!pod.status?.podIp || pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status.phase;
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  if (restartPolicy === "Never") return phase !== "Failed" && phase !== "Succeeded";
  if (restartPolicy === "OnFailure") return phase !== "Succeeded";
  return true;
}

/**
 * The port a service port reaches on this pod: a number as is (the service port itself when 0), a name
 * looked up among the pod's container ports with the same protocol; undefined when the pod has no such port.
 */
export function resolveTargetPort(servicePort: ServicePort, pod: Pod): number | undefined {
  const target = servicePort.targetPort ? intOrStringValue(servicePort.targetPort) : 0;
  if (typeof target === "number") return target === 0 ? servicePort.port : target;
  const protocol = servicePort.protocol || "TCP";
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports) {
      if (port.name === target && (port.protocol || "TCP") === protocol) return port.containerPort;
    }
  }
  return undefined;
}

function addressOf(pod: Pod): EndpointAddress {
  const meta = pod.metadata;
  return create(EndpointAddressSchema, {
    ip: pod.status?.podIp ?? "",
    nodeName: pod.spec?.nodeName || undefined,
    hostname: pod.spec?.subdomain ? pod.spec.hostname : "",
    targetRef: create(ObjectReferenceSchema, {
      kind: "Pod",
      namespace: meta?.namespace ?? "",
      name: meta?.name ?? "",
      uid: meta?.uid ?? "",
    }),
  });
}

function endpointPort(servicePort: ServicePort, port: number): EndpointPort {
  return create(EndpointPortSchema, {
    name: servicePort.name,
    port,
    protocol: servicePort.protocol || "TCP",
    appProtocol: servicePort.appProtocol,
  });
}

interface Group {
  readonly ports: EndpointPort[];
  readonly ready: EndpointAddress[];
  readonly notReady: EndpointAddress[];
}

const portsKey = (ports: readonly EndpointPort[]) =>
  ports.map((port) => `${port.name}/${port.port}/${port.protocol}`).join(",");
const byIp = (a: EndpointAddress, b: EndpointAddress) =>
  a.ip.localeCompare(b.ip) || (a.targetRef?.name ?? "").localeCompare(b.targetRef?.name ?? "");

/**
 * The subsets of a selector service's Endpoints, as Kubernetes' endpoints controller builds them: every
 * serving pod's address with the ports it resolves, ready ones in `addresses` and the rest in
 * `notReadyAddresses` (all ready when the service publishes not-ready addresses), pods sharing one port set
 * grouped in one subset; sorted so that equal inputs give equal outputs. A pod that resolves none of the
 * service's ports is left out; a service without ports lists its pods with no ports (headless).
 */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const servicePorts = service.spec?.ports ?? [];
  const publishNotReady = service.spec?.publishNotReadyAddresses ?? false;
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (!isPodServing(pod)) continue;
    const ports: EndpointPort[] = [];
    for (const servicePort of servicePorts) {
      const port = resolveTargetPort(servicePort, pod);
      if (port !== undefined && port > 0) ports.push(endpointPort(servicePort, port));
    }
    if (servicePorts.length > 0 && ports.length === 0) continue;
    ports.sort((a, b) => a.name.localeCompare(b.name) || (a.port ?? 0) - (b.port ?? 0));
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports, ready: [], notReady: [] };
      groups.set(key, group);
    }
    (publishNotReady || isPodReady(pod) ? group.ready : group.notReady).push(addressOf(pod));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) =>
      create(EndpointSubsetSchema, {
        addresses: group.ready.sort(byIp),
        notReadyAddresses: group.notReady.sort(byIp),
        ports: group.ports,
      }),
    );
}
