import type { Container, PodSpec } from "@capstan/api";
import { tryParseQuantity } from "@capstan/apimachinery";

/** The resources QoS classes are computed from. */
const QOS_RESOURCES = ["cpu", "memory"] as const;

function isSet(text: string | undefined): boolean {
  const quantity = text === undefined ? undefined : tryParseQuantity(text);
  return quantity !== undefined && !quantity.isZero();
}

/** Requests equal limits for both cpu and memory (requests absent count as equal: they default to limits). */
function isGuaranteedContainer(container: Container): boolean {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  return QOS_RESOURCES.every((name) => {
    const limit = tryParseQuantity(limits[name]);
    if (!limit || limit.isZero()) return false;
    const request = requests[name] === undefined ? limit : tryParseQuantity(requests[name]);
    return request?.equals(limit) ?? false;
  });
}

/**
 * The pod's quality-of-service class, as the kubelet and scheduler rank pods: BestEffort when no container
 * asks for cpu or memory, Guaranteed when every container's requests equal its limits for both, Burstable
 * otherwise.
 */
export function qosClass(spec: PodSpec): "BestEffort" | "Burstable" | "Guaranteed" {
  const containers = [...spec.initContainers, ...spec.containers];
  const asksForAnything = containers.some((container) =>
    QOS_RESOURCES.some(
      (name) => isSet(container.resources?.requests[name]) || isSet(container.resources?.limits[name]),
    ),
  );
  if (!asksForAnything) return "BestEffort";
  return containers.every(isGuaranteedContainer) ? "Guaranteed" : "Burstable";
}
