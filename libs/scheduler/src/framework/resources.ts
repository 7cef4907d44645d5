import type { Node, Pod } from "@capstan/api";
import { ApiError, tryParseQuantity } from "@capstan/apimachinery";
import type { Resources } from "./types.js";

/** Requests counted for a container that sets none when scoring (Kubernetes' non-zero defaults). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** An empty set of resources. */
export function zeroResources(): Resources {
  return { milliCpu: 0, memory: 0, pods: 0 };
}

function quantityOf(map: Readonly<Record<string, string>> | undefined, name: string): number | undefined {
  const raw = map?.[name];
  if (raw === undefined) return undefined;
  const quantity = tryParseQuantity(raw);
  if (!quantity) throw ApiError.badRequest(`invalid quantity ${JSON.stringify(raw)} for ${name}`);
  return name === "cpu" ? quantity.milliValue() : quantity.value();
}

function containerRequests(requests: Readonly<Record<string, string>> | undefined, nonZero: boolean) {
  const milliCpu = quantityOf(requests, "cpu");
  const memory = quantityOf(requests, "memory");
  return {
    milliCpu: milliCpu ?? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0),
    memory: memory ?? (nonZero ? DEFAULT_MEMORY_REQUEST : 0),
  };
}

/**
 * What a pod requests, as Kubernetes computes it: the sum over containers, at least the largest init
 * container (init containers run one at a time, before the others), plus the pod overhead. `nonZero`
 * counts defaults for unset cpu/memory requests, which scoring uses so empty pods still spread.
 */
export function podRequests(pod: Pod, nonZero = false): Readonly<Resources> {
  const memo = nonZero ? nonZeroRequestsByPod : requestsByPod;
  let requests = memo.get(pod);
  if (requests === undefined) {
    requests = Object.freeze(sumRequests(pod, nonZero));
    memo.set(pod, requests);
  }
  return requests;
}

/**
 * Informer objects are replaced, never changed, on update: memoizing per object spares re-parsing the
 * quantities of every placed pod at every scheduling cycle.
 */
const requestsByPod = new WeakMap<Pod, Readonly<Resources>>();
const nonZeroRequestsByPod = new WeakMap<Pod, Readonly<Resources>>();

function sumRequests(pod: Pod, nonZero: boolean): Resources {
  const total = zeroResources();
  for (const container of pod.spec?.containers ?? []) {
    const requests = containerRequests(container.resources?.requests, nonZero);
    total.milliCpu += requests.milliCpu;
    total.memory += requests.memory;
  }
  for (const container of pod.spec?.initContainers ?? []) {
    const requests = containerRequests(container.resources?.requests, false);
    total.milliCpu = Math.max(total.milliCpu, requests.milliCpu);
    total.memory = Math.max(total.memory, requests.memory);
  }
  const overhead = pod.spec?.overhead;
  total.milliCpu += quantityOf(overhead, "cpu") ?? 0;
  total.memory += quantityOf(overhead, "memory") ?? 0;
  total.pods = 1;
  return total;
}

/** A node's allocatable cpu, memory and pods (capacity when allocatable is absent; 0 when neither). */
export function nodeAllocatable(node: Node): Resources {
  const allocatable = node.status?.allocatable ?? {};
  const capacity = node.status?.capacity ?? {};
  const pick = (name: string) => quantityOf(allocatable, name) ?? quantityOf(capacity, name) ?? 0;
  return { milliCpu: pick("cpu"), memory: pick("memory"), pods: pick("pods") };
}

/** a + sign * b, field by field. */
export function addResources(a: Readonly<Resources>, b: Readonly<Resources>, sign: 1 | -1 = 1): Resources {
  return {
    milliCpu: a.milliCpu + sign * b.milliCpu,
    memory: a.memory + sign * b.memory,
    pods: a.pods + sign * b.pods,
  };
}
