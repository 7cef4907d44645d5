import type { Pod } from "@capstan/api";
import type { KindDefinition } from "../shared/kind-definition.js";
import { podColumns } from "./columns.js";
import { defaultPod } from "./pod-defaults.js";
import { validatePodSpec } from "./validate-spec.js";
import { validatePodUpdate } from "./validate-update.js";

const DEFAULT_GRACE_SECONDS = 30;

/**
 * How long a deleted pod stays Terminating: nothing for a pod no kubelet runs (unbound) or that has
 * finished; otherwise what the client asked, else the pod's terminationGracePeriodSeconds.
 */
function deletionGracePeriod(pod: Pod, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  const period = requested ?? Number(pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS);
  return period < 0 ? 1 : period;
}

/** Pod: Kubernetes' defaults and admission defaults, pod spec validation, an immutable spec, kubectl's columns. */
export const podKind: KindDefinition<Pod> = {
  defaults: defaultPod,
  validate: (pod) => validatePodSpec(pod.spec, "spec"),
  validateUpdate: validatePodUpdate,
  columns: podColumns,
  deletionGracePeriod,
  selectableFields: (pod) => ({
    "spec.nodeName": pod.spec?.nodeName ?? "",
    "spec.restartPolicy": pod.spec?.restartPolicy ?? "",
    "spec.schedulerName": pod.spec?.schedulerName ?? "",
    "spec.serviceAccountName": pod.spec?.serviceAccountName ?? "",
    "spec.hostNetwork": String(pod.spec?.hostNetwork ?? false),
    "status.phase": pod.status?.phase ?? "",
    "status.podIP": pod.status?.podIps[0]?.ip ?? pod.status?.podIp ?? "",
    "status.nominatedNodeName": pod.status?.nominatedNodeName ?? "",
  }),
};
