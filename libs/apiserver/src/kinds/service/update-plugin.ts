import type { Service, ServicePort } from "@capstan/api";
import type { MutatingAdmissionPlugin } from "../../admission/admission.js";

function isService(request: { strategy: { type: { group: string; resource: string } } }): boolean {
  const { type } = request.strategy;
  return type.group === "" && type.resource === "services";
}

function hasNodePorts(type: string): boolean {
  return type === "NodePort" || type === "LoadBalancer";
}

/** The old port a new one stands for: same port number and protocol. */
function oldPortFor(port: ServicePort, old: readonly ServicePort[]): ServicePort | undefined {
  return old.find((candidate) => candidate.port === port.port && candidate.protocol === port.protocol);
}

/**
 * What Kubernetes' service storage does to an update before validation: allocated values a client left
 * out (a `kubectl replace` or `apply` of a manifest without clusterIP or nodePort) are kept, and values
 * the new type has no use for are dropped when the client left them as they were (NodePort → ClusterIP
 * drops the node ports; → ExternalName drops the cluster IP).
 */
export function carryAllocatedValues(service: Service, old: Service): void {
  const spec = service.spec;
  const before = old.spec;
  if (!spec || !before) return;
  if (spec.type === "ExternalName") {
    if (spec.clusterIp === before.clusterIp && before.type !== "ExternalName") {
      spec.clusterIp = "";
      spec.clusterIps = [];
      spec.ipFamilies = [];
      spec.ipFamilyPolicy = undefined;
    }
  } else if (spec.clusterIp === "" && before.clusterIp !== "") {
    spec.clusterIp = before.clusterIp;
    spec.clusterIps = [...before.clusterIps];
  }
  if (!hasNodePorts(spec.type) && spec.externalTrafficPolicy === before.externalTrafficPolicy)
    spec.externalTrafficPolicy = "";
  if (
    spec.type !== "LoadBalancer" &&
    spec.allocateLoadBalancerNodePorts === before.allocateLoadBalancerNodePorts
  )
    spec.allocateLoadBalancerNodePorts = undefined;
  for (const port of spec.ports) {
    const previous = oldPortFor(port, before.ports);
    if (hasNodePorts(spec.type)) {
      if (port.nodePort === 0 && previous && previous.nodePort > 0 && hasNodePorts(before.type))
        port.nodePort = previous.nodePort;
    } else if (port.nodePort !== 0 && previous?.nodePort === port.nodePort) {
      port.nodePort = 0;
    }
  }
}

/** Runs {@link carryAllocatedValues} on every update of a service's main resource. */
export const serviceUpdatePlugin: MutatingAdmissionPlugin = {
  name: "ServiceAllocatedValues",
  admit(request) {
    if (request.operation !== "UPDATE" || request.subresource !== undefined || !isService(request)) return;
    if (request.object && request.oldObject)
      carryAllocatedValues(request.object as Service, request.oldObject as Service);
  },
};
