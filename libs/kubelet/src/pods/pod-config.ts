import type { Container, Pod } from "@capstan/api";
import { tryParseQuantity } from "@capstan/apimachinery";
import type { ContainerIdentity, ContainerKind, PodDns, PortMapping } from "../runtime/index.js";
import { RuntimeError, SANDBOX_NAME } from "../runtime/index.js";

/** The node-wide settings that shape every pod's containers. */
export interface NodeSettings {
  readonly nodeName: string;
  /** Cluster DNS server addresses for dnsPolicy ClusterFirst; empty: pods use the node's resolver. */
  readonly clusterDNS: readonly string[];
  /** Default `cluster.local`. */
  readonly clusterDomain: string;
  readonly allowPrivileged: boolean;
  /** Added to every container (e.g. a test run id). */
  readonly extraLabels: Record<string, string>;
}

/** The identity labels of one of the pod's containers. */
export function identityOf(
  pod: Pod,
  node: string,
  containerName: string,
  kind: ContainerKind,
  attempt: number,
  image: string,
): ContainerIdentity {
  const meta = pod.metadata;
  return {
    node,
    podUid: meta?.uid ?? "",
    podName: meta?.name ?? "",
    podNamespace: meta?.namespace ?? "",
    containerName: kind === "sandbox" ? SANDBOX_NAME : containerName,
    kind,
    attempt,
    image,
  };
}

/** Every port of the pod's containers, published on the sandbox when it names a hostPort. */
export function podPorts(pod: Pod): PortMapping[] {
  const ports: PortMapping[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports) {
      const protocol = port.protocol === "UDP" || port.protocol === "SCTP" ? port.protocol : "TCP";
      if (!port.containerPort) continue;
      ports.push({
        containerPort: port.containerPort,
        hostPort: port.hostPort,
        protocol,
        ...(port.hostIp ? { hostIP: port.hostIp } : {}),
      });
    }
  }
  return ports;
}

/**
 * The pod's resolver as Kubernetes sets it: ClusterFirst (the default) → the cluster DNS with the pod's
 * namespace search path, when the node has a cluster DNS; Default → the node's; None → dnsConfig only.
 * dnsConfig entries are appended in every case.
 */
export function podDns(pod: Pod, settings: NodeSettings): PodDns | undefined {
  const spec = pod.spec;
  const policy = spec?.dnsPolicy || "ClusterFirst";
  const clusterFirst =
    settings.clusterDNS.length > 0 &&
    (policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !spec?.hostNetwork));
  const namespace = pod.metadata?.namespace ?? "default";
  const domain = settings.clusterDomain;
  const base: PodDns = clusterFirst
    ? {
        servers: settings.clusterDNS,
        searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain],
        options: ["ndots:5"],
      }
    : { servers: [], searches: [], options: [] };
  const extra = spec?.dnsConfig;
  if (!clusterFirst && policy !== "None" && !extra) return undefined;
  return {
    servers: [...base.servers, ...(extra?.nameservers ?? [])],
    searches: [...base.searches, ...(extra?.searches ?? [])],
    options: [
      ...base.options,
      ...(extra?.options ?? []).map((option) =>
        option.value ? `${option.name}:${option.value}` : option.name,
      ),
    ],
  };
}

/** Docker's cpu (billionths) and memory (bytes) limits from the container's resource limits. */
export function containerLimits(container: Container): { nanoCpus: number; memoryBytes: number } {
  const limits = container.resources?.limits ?? {};
  const cpu = limits.cpu === undefined ? undefined : tryParseQuantity(limits.cpu);
  const memory = limits.memory === undefined ? undefined : tryParseQuantity(limits.memory);
  if ((limits.cpu !== undefined && !cpu) || (limits.memory !== undefined && !memory)) {
    throw new RuntimeError(
      "CreateContainerConfigError",
      `container ${container.name}: invalid resource limits`,
    );
  }
  return {
    nanoCpus: cpu ? cpu.milliValue() * 1_000_000 : 0,
    memoryBytes: memory ? memory.value() : 0,
  };
}

/** The user to run as (container over pod securityContext); "" for the image's. */
export function containerUser(pod: Pod, container: Container): string {
  const uid = container.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const gid = container.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup;
  if (uid === undefined) return "";
  return gid === undefined ? String(uid) : `${uid}:${gid}`;
}

/** The reason a pod may not run on this node at all (privileged without permission), or undefined. */
export function refusalOf(pod: Pod, settings: NodeSettings): string | undefined {
  if (settings.allowPrivileged) return undefined;
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const privileged = all.find((container) => container.securityContext?.privileged === true);
  return privileged
    ? `container ${privileged.name} is privileged, which this node does not allow (start the kubelet with --allow-privileged)`
    : undefined;
}
