import { create } from "@bufbuild/protobuf";
import {
  AffinitySchema,
  type DaemonSet,
  NodeAffinitySchema,
  NodeSelectorSchema,
  type Pod,
  PodSpecSchema,
  type Toleration,
  TolerationSchema,
} from "@capstan/api";
import { newControllerRef } from "../shared/controller-ref.js";
import { podFromTemplate } from "../shared/pod-from-template.js";

/** The label carrying the hash of the template a daemon pod was made from (Kubernetes' revision hash). */
export const REVISION_HASH_LABEL = "controller-revision-hash";
/** The label carrying the DaemonSet generation a pod was made at. */
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

/**
 * Kubernetes' AddOrUpdateDaemonPodTolerations: daemon pods stay on not-ready and unreachable nodes for
 * ever, and go to nodes under pressure or cordoned (and, with host networking, without network).
 */
function automaticTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: string) =>
    create(TolerationSchema, { key, operator: "Exists", effect });
  return [
    exists("node.kubernetes.io/not-ready", "NoExecute"),
    exists("node.kubernetes.io/unreachable", "NoExecute"),
    exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
    exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
    exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
    exists("node.kubernetes.io/unschedulable", "NoSchedule"),
    ...(hostNetwork ? [exists("node.kubernetes.io/network-unavailable", "NoSchedule")] : []),
  ];
}

/** The daemon set's template pod with the automatic tolerations added (what eligibility is judged on). */
export function templatePod(daemonSet: DaemonSet): Pod {
  const meta = daemonSet.metadata;
  const ref = newControllerRef({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    name: meta?.name ?? "",
    uid: meta?.uid ?? "",
  });
  const pod = podFromTemplate(daemonSet.spec?.template, meta?.namespace ?? "", `${meta?.name ?? ""}-`, ref);
  pod.spec ??= create(PodSpecSchema);
  for (const toleration of automaticTolerations(pod.spec.hostNetwork)) {
    const present = pod.spec.tolerations.some(
      (t) => t.key === toleration.key && t.effect === toleration.effect,
    );
    if (!present) pod.spec.tolerations.push(toleration);
  }
  return pod;
}

/**
 * The pod to create for `nodeName`, placed as Kubernetes does since 1.12: not bound directly, but with a
 * required node affinity on the node's name (replacing the template's required terms, which the controller
 * has already checked), so the default scheduler binds it and accounts for its resources and priority.
 */
export function daemonPodFor(daemonSet: DaemonSet, nodeName: string, hash: string): Pod {
  const pod = templatePod(daemonSet);
  const meta = pod.metadata;
  if (meta) {
    meta.labels[REVISION_HASH_LABEL] = hash;
    meta.labels[TEMPLATE_GENERATION_LABEL] = String(daemonSet.metadata?.generation ?? 0n);
  }
  const spec = pod.spec ?? create(PodSpecSchema);
  pod.spec = spec;
  spec.affinity ??= create(AffinitySchema);
  spec.affinity.nodeAffinity ??= create(NodeAffinitySchema);
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = create(NodeSelectorSchema, {
    nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }],
  });
  return pod;
}

/** The node a daemon pod is for: where it is bound, else the node its required affinity names. */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    const field = term.matchFields.find(
      (f) => f.key === "metadata.name" && f.operator === "In" && f.values.length === 1,
    );
    if (field) return field.values[0];
  }
  return undefined;
}
