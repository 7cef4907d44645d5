import { create } from "@bufbuild/protobuf";
import { type NodeCondition, type NodeStatus, NodeStatusSchema } from "@capstan/api";
import { parseQuantity, Quantity } from "@capstan/apimachinery";
import type { HostFacts } from "./host-facts.js";
import { PRESSURE_THRESHOLDS } from "./node-pressure.js";

/** The kubelet version nodes report (the apiserver's /version says v1.32.0-capstan too). */
export const KUBELET_VERSION = "v1.32.0-capstan";
/** `--max-pods` default, as Kubernetes. */
export const DEFAULT_MAX_PODS = 110;

/** Bad node configuration (an unparsable quantity, a negative pod count...). */
export class NodeConfigError extends Error {
  override readonly name = "NodeConfigError";
}

/** Operator overrides of what the host reports. */
export interface ResourceOverrides {
  /** CPU capacity as a quantity ("4", "3500m"). Default: the host's CPU count. */
  readonly cpu?: string;
  /** Memory capacity as a quantity ("8Gi"). Default: the host's total memory. */
  readonly memory?: string;
  /** Pod capacity. Default 110. */
  readonly maxPods?: number;
}

export interface NodeResources {
  readonly capacity: Record<string, string>;
  readonly allocatable: Record<string, string>;
}

/**
 * Capacity from the host (or the overrides) and allocatable as Kubernetes computes it with no reservations:
 * capacity minus the hard eviction threshold for memory (100Mi).
 */
export function nodeResources(facts: HostFacts, overrides: ResourceOverrides = {}): NodeResources {
  const cpu = quantityOption("cpu", overrides.cpu) ?? Quantity.fromValue(facts.cpus);
  const memory =
    quantityOption("memory", overrides.memory) ?? Quantity.fromValue(facts.memoryBytes, "BinarySI");
  const maxPods = overrides.maxPods ?? DEFAULT_MAX_PODS;
  if (!Number.isInteger(maxPods) || maxPods < 0) {
    throw new NodeConfigError(`max pods must be a non-negative integer, got ${String(maxPods)}`);
  }
  const reserve = Quantity.fromValue(PRESSURE_THRESHOLDS.memoryAvailableBytes, "BinarySI");
  const allocatableMemory = memory.cmp(reserve) > 0 ? memory.sub(reserve) : Quantity.zero("BinarySI");
  const pods = String(maxPods);
  return {
    capacity: { cpu: cpu.toString(), memory: memory.toString(), pods },
    allocatable: { cpu: cpu.toString(), memory: allocatableMemory.toString(), pods },
  };
}

function quantityOption(name: string, value: string | undefined): Quantity | undefined {
  if (value === undefined) return undefined;
  let quantity: Quantity;
  try {
    quantity = parseQuantity(value);
  } catch {
    throw new NodeConfigError(
      `${name} capacity ${JSON.stringify(value)} is not a quantity (e.g. "4", "8Gi")`,
    );
  }
  if (quantity.cmp(Quantity.zero()) < 0) throw new NodeConfigError(`${name} capacity must not be negative`);
  return quantity;
}

/** The labels a kubelet puts on its Node (operator labels first; the well-known ones win). */
export function nodeLabels(
  nodeName: string,
  facts: HostFacts,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    "kubernetes.io/hostname": nodeName,
    "kubernetes.io/os": facts.operatingSystem,
    "kubernetes.io/arch": facts.architecture,
    "beta.kubernetes.io/os": facts.operatingSystem,
    "beta.kubernetes.io/arch": facts.architecture,
  };
}

export interface NodeStatusInput {
  readonly facts: HostFacts;
  readonly resources: NodeResources;
  /** The node's InternalIP. */
  readonly address: string;
  readonly kubeletPort: number;
  /** The engine's version ("" when it does not answer). */
  readonly dockerVersion: string;
  readonly conditions: NodeCondition[];
}

/** The full status a kubelet writes for its Node. */
export function nodeStatus(input: NodeStatusInput): NodeStatus {
  const { facts } = input;
  return create(NodeStatusSchema, {
    capacity: input.resources.capacity,
    allocatable: input.resources.allocatable,
    conditions: input.conditions,
    addresses: [
      { type: "InternalIP", address: input.address },
      { type: "Hostname", address: facts.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { port: input.kubeletPort } },
    nodeInfo: {
      machineId: facts.machineId,
      systemUuid: facts.machineId,
      bootId: facts.bootId,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: `docker://${input.dockerVersion || "unknown"}`,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: facts.operatingSystem,
      architecture: facts.architecture,
    },
  });
}
