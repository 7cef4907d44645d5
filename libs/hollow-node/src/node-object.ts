import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Node, NodeSchema } from "@capstan/api";
import { hostIpOf, podCidrOf } from "./addresses.js";
import type { ResolvedOptions } from "./options.js";

/** The label Kubernetes puts the node's host name in; scheduling topology uses it. */
export const HOSTNAME_LABEL = "kubernetes.io/hostname";
export const ZONE_LABEL = "topology.kubernetes.io/zone";
/** The kubelet version a hollow node reports (kubemark reports a real kubelet version too). */
export const HOLLOW_KUBELET_VERSION = "v1.32.0-hollow";

/** The pressure conditions a healthy kubelet reports False, with the kubelet's reasons. */
const PRESSURE_REASONS = {
  MemoryPressure: "KubeletHasSufficientMemory",
  DiskPressure: "KubeletHasNoDiskPressure",
  PIDPressure: "KubeletHasSufficientPID",
};

/** The Node object node `index` registers: labels, capacity = allocatable, Ready=True, addresses. */
export function nodeObject(options: ResolvedOptions, index: number, name: string): Node {
  const zone = options.zones.length > 0 ? options.zones[index % options.zones.length] : undefined;
  const resources = {
    cpu: options.capacity.cpu,
    memory: options.capacity.memory,
    pods: String(options.capacity.pods),
  };
  const now = timestampNow();
  const podCidr = podCidrOf(index);
  return create(NodeSchema, {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        ...options.labels(index, name),
        ...(zone ? { [ZONE_LABEL]: zone } : {}),
        [HOSTNAME_LABEL]: name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
      },
      annotations: { "capstan.dev/hollow-node": "true" },
    },
    spec: {
      podCidr,
      podCidrs: [podCidr],
      providerId: `hollow://${name}`,
      taints: options.taints.map((taint) => ({
        key: taint.key,
        value: taint.value ?? "",
        effect: taint.effect,
      })),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      phase: "Running",
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        ...Object.entries(PRESSURE_REASONS).map(([type, reason]) => ({
          type,
          status: "False",
          reason,
          message: "hollow node",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        })),
      ],
      addresses: [
        { type: "InternalIP", address: hostIpOf(index) },
        { type: "Hostname", address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { port: 10250 } },
      nodeInfo: {
        machineId: name,
        systemUuid: name,
        bootId: name,
        kernelVersion: "hollow",
        osImage: "Capstan hollow node",
        containerRuntimeVersion: "hollow://1.0.0",
        kubeletVersion: HOLLOW_KUBELET_VERSION,
        kubeProxyVersion: HOLLOW_KUBELET_VERSION,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  });
}
