import type { Container, Pod } from "@capstan/api";
import { parseQuantity, Quantity } from "@capstan/apimachinery";
import { EnvError } from "./env-error.js";

/** What the kubelet knows about where the pod runs, for fieldRef values. */
export interface EnvContext {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly podIP: string;
  /** The node's allocatable cpu and memory: resourceFieldRef of an unset limit reads them, as in Kubernetes. */
  readonly nodeAllocatable?: { readonly cpu?: string; readonly memory?: string };
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The value of a downward-API fieldRef for env (Kubernetes' supported paths). */
export function fieldRefValue(pod: Pod, fieldPath: string, context: EnvContext): string {
  const meta = pod.metadata;
  const subscript = SUBSCRIPT.exec(fieldPath);
  if (subscript) {
    const map = subscript[1] === "labels" ? meta?.labels : meta?.annotations;
    return map?.[subscript[2] ?? ""] ?? "";
  }
  switch (fieldPath) {
    case "metadata.name":
      return meta?.name ?? "";
    case "metadata.namespace":
      return meta?.namespace ?? "";
    case "metadata.uid":
      return meta?.uid ?? "";
    case "spec.nodeName":
      return pod.spec?.nodeName || context.nodeName;
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.podIP":
    case "status.podIPs":
      return context.podIP;
    case "status.hostIP":
    case "status.hostIPs":
      return context.hostIP;
    default:
      throw new EnvError(`unsupported fieldRef path ${JSON.stringify(fieldPath)}`);
  }
}

const RESOURCES = new Set([
  "limits.cpu",
  "limits.memory",
  "requests.cpu",
  "requests.memory",
  "limits.ephemeral-storage",
  "requests.ephemeral-storage",
]);

/**
 * The value of a resourceFieldRef: the container's limit or request divided by the divisor (default 1) and
 * rounded up, as Kubernetes does (`limits.cpu` of 500m reads "1"; with divisor 1m, "500"). An unset limit
 * reads the node's allocatable; an unset request reads 0 (cpu, memory).
 */
export function resourceFieldValue(
  container: Container,
  resource: string,
  divisor: string,
  context: EnvContext,
): string {
  if (!RESOURCES.has(resource))
    throw new EnvError(`unsupported resourceFieldRef resource ${JSON.stringify(resource)}`);
  const [kind, name = ""] = resource.split(".") as [string, string];
  const declared = (kind === "limits" ? container.resources?.limits : container.resources?.requests)?.[name];
  const fallback = kind === "limits" ? context.nodeAllocatable?.[name as "cpu" | "memory"] : "0";
  const raw = declared ?? fallback;
  if (raw === undefined) {
    throw new EnvError(
      `container ${container.name} has no ${resource} and the node's allocatable ${name} is unknown`,
    );
  }
  let value: Quantity;
  let per: Quantity;
  try {
    value = parseQuantity(raw);
    per = parseQuantity(divisor || "1");
  } catch {
    throw new EnvError(
      `resourceFieldRef ${resource}: invalid quantity ${JSON.stringify(raw)} or divisor ${JSON.stringify(divisor)}`,
    );
  }
  if (per.cmp(Quantity.zero()) <= 0)
    throw new EnvError(`resourceFieldRef ${resource}: the divisor must be positive`);
  return String(Math.ceil(value.milliValue() / per.milliValue()));
}
