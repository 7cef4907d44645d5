import type { Service } from "@capstan/api";
import { ageColumn } from "../../registry/default-strategy.js";
import type { TableColumn } from "../../registry/strategy.js";
import { formatLabels } from "../shared/selector-format.js";

/** External addresses as kubectl shows them: spec.externalIPs, load balancer ingress, `<pending>`, or the external name. */
export function externalIp(service: Service): string {
  const spec = service.spec;
  const external = spec?.externalIps ?? [];
  switch (spec?.type ?? "") {
    case "ClusterIP":
    case "NodePort":
      return external.length > 0 ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const ingress = (service.status?.loadBalancer?.ingress ?? [])
        .map((entry) => entry.ip || entry.hostname)
        .filter((address) => address !== "");
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(",") : "<pending>";
    }
    case "ExternalName":
      return spec?.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** `80/TCP`, or `80:30080/TCP` with a node port, joined by commas; `<none>` without ports. */
export function portsOf(service: Service): string {
  const ports = (service.spec?.ports ?? []).map((port) =>
    port.nodePort > 0
      ? `${port.port ?? 0}:${port.nodePort}/${port.protocol}`
      : `${port.port ?? 0}/${port.protocol}`,
  );
  return ports.length > 0 ? ports.join(",") : "<none>";
}

/** Service columns: TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and with `-o wide` SELECTOR. */
export const serviceColumns: readonly TableColumn<Service>[] = [
  {
    name: "Type",
    type: "string",
    description: "How the service is exposed.",
    priority: 0,
    cell: (s) => s.spec?.type ?? "",
  },
  {
    name: "Cluster-IP",
    type: "string",
    description: "The virtual IP of the service inside the cluster.",
    priority: 0,
    cell: (s) => s.spec?.clusterIps[0] || s.spec?.clusterIp || "<none>",
  },
  {
    name: "External-IP",
    type: "string",
    description: "Addresses the service is reachable at from outside.",
    priority: 0,
    cell: externalIp,
  },
  { name: "Port(s)", type: "string", description: "The ports of the service.", priority: 0, cell: portsOf },
  ageColumn,
  {
    name: "Selector",
    type: "string",
    description: "The labels of the pods the service sends traffic to.",
    priority: 1,
    cell: (s) => formatLabels(s.spec?.selector ?? {}),
  },
];
