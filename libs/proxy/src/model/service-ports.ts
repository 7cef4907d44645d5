import type { Endpoints, Service } from "@capstan/api";

/** One ready address a service port forwards to. */
export interface Backend {
  readonly ip: string;
  readonly port: number;
}

/** The protocols the proxy forwards (SCTP ports are skipped). */
export type ProxyProtocol = "TCP" | "UDP";

/** Everything the proxy needs to serve one port of one service. */
export interface ServicePortSpec {
  /** `namespace/name:port-name` (`namespace/name:` for an unnamed port), the key of metrics and balancers. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  readonly protocol: ProxyProtocol;
  /** The virtual IP, or undefined for headless services. */
  readonly clusterIp: string | undefined;
  readonly port: number;
  /** 0 when the service has no node port. */
  readonly nodePort: number;
  /** ClientIP affinity in milliseconds; 0 for none. */
  readonly affinityTimeoutMs: number;
  /** Ready endpoints, in the order the Endpoints object lists them. */
  readonly backends: readonly Backend[];
}

/** `backend` as `ip:port`. */
export function backendKey(backend: Backend): string {
  return `${backend.ip}:${backend.port}`;
}

/** The ready addresses of an Endpoints object for one service port (matched by port name and protocol). */
function backendsFor(endpoints: Endpoints | undefined, portName: string, protocol: string): Backend[] {
  const backends: Backend[] = [];
  const seen = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    const port = subset.ports.find(
      (candidate) => candidate.name === portName && candidate.protocol === protocol,
    );
    if (port?.port === undefined) continue;
    for (const address of subset.addresses) {
      const backend = { ip: address.ip, port: port.port };
      const key = backendKey(backend);
      if (address.ip === "" || seen.has(key)) continue;
      seen.add(key);
      backends.push(backend);
    }
  }
  return backends;
}

/**
 * The ports a service asks the proxy to serve, with their ready endpoints: TCP and UDP ports of services
 * that have a cluster IP or node ports. ExternalName services (DNS only) give none.
 */
export function servicePorts(service: Service, endpoints: Endpoints | undefined): ServicePortSpec[] {
  const spec = service.spec;
  if (!spec || spec.type === "ExternalName") return [];
  const clusterIp = spec.clusterIp !== "" && spec.clusterIp !== "None" ? spec.clusterIp : undefined;
  const namespace = service.metadata?.namespace ?? "";
  const name = service.metadata?.name ?? "";
  const timeoutSeconds = spec.sessionAffinityConfig?.clientIp?.timeoutSeconds ?? 10_800;
  const affinityTimeoutMs = spec.sessionAffinity === "ClientIP" ? timeoutSeconds * 1000 : 0;
  const ports: ServicePortSpec[] = [];
  for (const port of spec.ports) {
    if ((port.protocol !== "TCP" && port.protocol !== "UDP") || port.port === undefined) continue;
    if (clusterIp === undefined && port.nodePort === 0) continue;
    ports.push({
      id: `${namespace}/${name}:${port.name}`,
      namespace,
      name,
      portName: port.name,
      protocol: port.protocol,
      clusterIp,
      port: port.port,
      nodePort: port.nodePort,
      affinityTimeoutMs,
      backends: backendsFor(endpoints, port.name, port.protocol),
    });
  }
  return ports;
}
