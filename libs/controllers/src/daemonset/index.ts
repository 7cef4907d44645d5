export { daemonPodFor, REVISION_HASH_LABEL, targetNodeOf, templatePod } from "./daemon-pod.js";
export {
  createDaemonSetController,
  DAEMONSET_CONTROLLER,
  daemonSetControllerDescriptor,
} from "./daemonset-controller.js";
export { type DaemonSetNumbers, type DaemonSetPlan, planDaemonSet } from "./daemonset-plan.js";
export { eligibility } from "./node-eligibility.js";
