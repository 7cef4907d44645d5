import { isIPv6 } from "node:net";
import { create } from "@bufbuild/protobuf";
import {
  ClientIPConfigSchema,
  intOrString,
  intOrStringValue,
  LoadBalancerStatusSchema,
  type Service,
  ServiceSpecSchema,
  ServiceStatusSchema,
  SessionAffinityConfigSchema,
} from "@capstan/api";

/** Three hours: how long ClientIP affinity sticks by default. */
const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

/**
 * Fills a Service's defaults as Kubernetes does: type ClusterIP, sessionAffinity None, ports TCP with
 * targetPort = port, single-stack IP families and Cluster traffic policies; an empty load-balancer status
 * (Kubernetes always shows `status: {loadBalancer: {}}`).
 */
export function defaultService(service: Service): void {
  service.spec ??= create(ServiceSpecSchema);
  service.status ??= create(ServiceStatusSchema);
  service.status.loadBalancer ??= create(LoadBalancerStatusSchema);
  const spec = service.spec;
  if (spec.type === "") spec.type = "ClusterIP";
  if (spec.sessionAffinity === "") spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "ClientIP") {
    spec.sessionAffinityConfig ??= create(SessionAffinityConfigSchema);
    spec.sessionAffinityConfig.clientIp ??= create(ClientIPConfigSchema);
    spec.sessionAffinityConfig.clientIp.timeoutSeconds ??= DEFAULT_AFFINITY_TIMEOUT_SECONDS;
  }
  for (const port of spec.ports) {
    if (port.protocol === "") port.protocol = "TCP";
    const target = port.targetPort === undefined ? undefined : intOrStringValue(port.targetPort);
    const unset = target === undefined || target === 0 || target === "";
    if (unset && port.port !== undefined) port.targetPort = intOrString(port.port);
  }
  if (spec.type === "ExternalName") return;
  if (spec.clusterIp === "" && spec.clusterIps[0]) spec.clusterIp = spec.clusterIps[0];
  if (spec.clusterIps.length === 0 && spec.clusterIp !== "") spec.clusterIps = [spec.clusterIp];
  spec.ipFamilyPolicy ??= "SingleStack";
  if (spec.ipFamilies.length === 0) spec.ipFamilies = [isIPv6(spec.clusterIp) ? "IPv6" : "IPv4"];
  spec.internalTrafficPolicy ??= "Cluster";
  if ((spec.type === "NodePort" || spec.type === "LoadBalancer") && spec.externalTrafficPolicy === "")
    spec.externalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
}
