import { create } from "@bufbuild/protobuf";
import {
  type Pod,
  type PodSpec,
  PodSpecSchema,
  PodStatusSchema,
  type Toleration,
  TolerationSchema,
} from "@capstan/api";
import { qosClass } from "./qos.js";
import { defaultPodSpec } from "./spec-defaults.js";

/** How long a pod stays on a node that turned not-ready or unreachable (DefaultTolerationSeconds). */
const DEFAULT_TOLERATION_SECONDS = 300n;
const NODE_TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] as const;

/**
 * Fills a Pod's defaults: the pod spec defaults every template gets, then what Kubernetes' admission adds
 * to pods only (the default service account, priority 0, NoExecute tolerations of 300 s for not-ready and
 * unreachable nodes, requests equal to limits where only limits are given) and the initial status (Pending, with its QoS class).
 */
export function defaultPod(pod: Pod): void {
  pod.spec ??= create(PodSpecSchema);
  const spec = pod.spec;
  defaultPodSpec(spec);
  if (spec.serviceAccountName === "") {
    spec.serviceAccountName = "default";
    spec.serviceAccount = "default";
  }
  if (spec.priorityClassName === "") spec.priority ??= 0;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  addDefaultTolerations(spec);
  defaultRequestsToLimits(spec);
  pod.status ??= create(PodStatusSchema);
  if (pod.status.phase === "") pod.status.phase = "Pending";
  if (pod.status.qosClass === "") pod.status.qosClass = qosClass(spec);
}

function addDefaultTolerations(spec: PodSpec): void {
  for (const key of NODE_TAINTS) {
    if (spec.tolerations.some((toleration) => toleratesNoExecute(toleration, key))) continue;
    spec.tolerations.push(
      create(TolerationSchema, {
        key,
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
      }),
    );
  }
}

/** A toleration with an empty key or effect matches every key or effect. */
function toleratesNoExecute(toleration: Toleration, key: string): boolean {
  return (
    (toleration.key === "" || toleration.key === key) &&
    (toleration.effect === "" || toleration.effect === "NoExecute")
  );
}

function defaultRequestsToLimits(spec: PodSpec): void {
  for (const container of [...spec.initContainers, ...spec.containers]) {
    const resources = container.resources;
    if (!resources) continue;
    for (const [name, limit] of Object.entries(resources.limits)) resources.requests[name] ??= limit;
  }
}
