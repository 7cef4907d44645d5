import { create } from "@bufbuild/protobuf";
import { type Pod, PodSpecSchema, TolerationSchema } from "@capstan/api";
import type { MutatingAdmissionPlugin } from "./admission.js";

/** How long pods stay on a node that turned not-ready or unreachable, unless they say otherwise. */
export interface DefaultTolerationSeconds {
  /** Kubernetes' --default-not-ready-toleration-seconds; default 300. */
  readonly notReady: number;
  /** Kubernetes' --default-unreachable-toleration-seconds; default 300. */
  readonly unreachable: number;
}

/** Kubernetes' defaults (5 minutes each). */
export const KUBERNETES_DEFAULT_TOLERATION_SECONDS: DefaultTolerationSeconds = Object.freeze({
  notReady: 300,
  unreachable: 300,
});

const TAINTS = [
  ["node.kubernetes.io/not-ready", "notReady"],
  ["node.kubernetes.io/unreachable", "unreachable"],
] as const;

/**
 * Kubernetes' DefaultTolerationSeconds admission: a pod created without a NoExecute toleration of the
 * not-ready or unreachable node taint gets one for `seconds` (so the node lifecycle controller evicts it
 * that long after its node fails). Runs before defaulting, whose own 300 s tolerations it then leaves
 * out; a small value is what makes fast failover possible.
 */
export function defaultTolerationSecondsPlugin(
  seconds: DefaultTolerationSeconds = KUBERNETES_DEFAULT_TOLERATION_SECONDS,
): MutatingAdmissionPlugin {
  for (const [, field] of TAINTS) {
    const value = seconds?.[field];
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(
        `default toleration seconds: ${field} must be an integer >= 0, got ${String(value)}`,
      );
    }
  }
  return {
    name: "DefaultTolerationSeconds",
    admit(request) {
      const { type } = request.strategy;
      if (
        request.operation !== "CREATE" ||
        request.subresource ||
        type.group !== "" ||
        type.resource !== "pods"
      )
        return;
      const pod = request.object as Pod | undefined;
      if (!pod) return;
      pod.spec ??= create(PodSpecSchema);
      const tolerations = pod.spec.tolerations;
      for (const [key, field] of TAINTS) {
        const covered = tolerations.some(
          (toleration) =>
            (toleration.key === "" || toleration.key === key) &&
            (toleration.effect === "" || toleration.effect === "NoExecute"),
        );
        if (covered) continue;
        tolerations.push(
          create(TolerationSchema, {
            key,
            operator: "Exists",
            effect: "NoExecute",
            tolerationSeconds: BigInt(seconds[field]),
          }),
        );
      }
    },
  };
}
