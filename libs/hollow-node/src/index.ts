export { NODE_LEASE_NAMESPACE } from "@capstan/client";
export { hostIpOf, PodIpPool, podCidrOf } from "./addresses.js";
export { type HollowNodes, startHollowNodes } from "./hollow-nodes.js";
export { NODE_LEASE_DURATION_SECONDS } from "./node-lease.js";
export { HOLLOW_KUBELET_VERSION, HOSTNAME_LABEL, ZONE_LABEL } from "./node-object.js";
export {
  type HollowCapacity,
  HollowNodeConfigError,
  type HollowNodesOptions,
  type HollowTaint,
  MAX_HOLLOW_NODES,
} from "./options.js";
export { isRunningOn, runningStatus } from "./pod-status.js";
