export { HeartbeatTracker, nodeHealth, type Readiness } from "./node-health.js";
export {
  createNodeLifecycleController,
  NODE_LIFECYCLE_CONTROLLER,
  nodeLifecycleControllerDescriptor,
  nodeLifecycleControllerFactory,
} from "./node-lifecycle-controller.js";
export { fitTaints, NOT_READY_TAINT, UNREACHABLE_TAINT } from "./node-taints.js";
export {
  checkNodeLifecycleOptions,
  DEFAULT_NODE_LIFECYCLE_OPTIONS,
  FAST_FAILOVER_NODE_LIFECYCLE_OPTIONS,
  type NodeLifecycleOptions,
  nodeLifecycleConfig,
  nodeLifecycleOptionsFrom,
} from "./options.js";
export { evictionTime } from "./taint-eviction.js";
export { evictionInterval, zoneStates } from "./zone-disruption.js";
