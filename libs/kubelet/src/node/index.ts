export { NODE_LEASE_NAMESPACE } from "@capstan/client";
export { type HostFacts, readHostFacts } from "./host-facts.js";
export { createNodeAgent, type NodeAgentOptions } from "./node-agent.js";
export { conditionStates, RUNTIME_UNREACHABLE_REASON, type RuntimeHealth } from "./node-conditions.js";
export {
  type HeartbeatBus,
  NODE_HEARTBEAT_PATTERN,
  type NodeHeartbeat,
  nodeHeartbeatSubject,
} from "./node-heartbeat.js";
export {
  DEFAULT_MAX_PODS,
  KUBELET_VERSION,
  NodeConfigError,
  nodeResources,
  type ResourceOverrides,
} from "./node-object.js";
