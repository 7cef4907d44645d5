export { Balancer } from "./balance/balancer.js";
export { ClusterIpBinder, type ClusterIpBinderOptions } from "./cluster-ip/cluster-ip-binder.js";
export { proxyConfig } from "./component/config.js";
export { proxyDefinition } from "./component/definition.js";
export {
  createProxyComponent,
  type ProxyComponent,
  type ProxyEndpoints,
} from "./component/proxy-component.js";
export { answerClusterQuestion, type ClusterAnswer, type ClusterView } from "./dns/cluster-records.js";
export { createDnsServer, type DnsServer, type DnsServerOptions } from "./dns/dns-server.js";
export { type Backend, type ServicePortSpec, servicePorts } from "./model/service-ports.js";
export { Proxier, type ProxierOptions } from "./proxier.js";
