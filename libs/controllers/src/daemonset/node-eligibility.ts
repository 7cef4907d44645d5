import type { Node, Pod } from "@capstan/api";
import { createNodeInfo, nodeAffinityPlugin, tolerates } from "@capstan/scheduler";

/** Whether a daemon pod belongs on a node, for a new pod and for one already there. */
export interface Eligibility {
  /** A new pod is to be created there. */
  readonly shouldRun: boolean;
  /** A pod already there may stay (NoSchedule taints added later do not evict it; NoExecute ones do). */
  readonly shouldContinueRunning: boolean;
}

/**
 * Kubernetes' NodeShouldRunDaemonPod, judged with the scheduler's own predicates: the pod's nodeSelector
 * and required node affinity (the scheduler's NodeAffinity filter), and the node's NoSchedule and NoExecute
 * taints against the pod's tolerations (automatic ones included).
 */
export function eligibility(templatePod: Pod, node: Node): Eligibility {
  const fits = nodeAffinityPlugin.filter(templatePod, createNodeInfo(node)) === undefined;
  if (!fits) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = templatePod.spec?.tolerations ?? [];
  const untolerated = (effect: string) =>
    (node.spec?.taints ?? []).some(
      (taint) => taint.effect === effect && !tolerations.some((toleration) => tolerates(toleration, taint)),
    );
  const noExecute = untolerated("NoExecute");
  return { shouldRun: !noExecute && !untolerated("NoSchedule"), shouldContinueRunning: !noExecute };
}
