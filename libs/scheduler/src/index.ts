export * from "./component/index.js";
export { type AffinityTermScope, affinityTermScope, scopeMatches } from "./framework/affinity-term.js";
export { CycleState, StateKey } from "./framework/cycle-state.js";
export { createDefaultFramework } from "./framework/default-plugins.js";
export { FitError, fitErrorMessage } from "./framework/fit-error.js";
export {
  createFramework,
  type Framework,
  type FrameworkOptions,
  type ScheduleResult,
  type WeightedScorePlugin,
} from "./framework/framework.js";
export { createNodeInfo } from "./framework/node-info.js";
export { numFeasibleNodesToFind } from "./framework/nodes-to-find.js";
export { nodeAllocatable, podRequests } from "./framework/resources.js";
export { createSnapshot } from "./framework/snapshot.js";
export {
  type ClusterSnapshot,
  type FilterPlugin,
  type FilterResult,
  MAX_NODE_SCORE,
  type NodeInfo,
  type PlacedAntiAffinityTerm,
  type PodQuery,
  type Resources,
  type SchedulerPlugin,
  type ScorePlugin,
} from "./framework/types.js";
export {
  BALANCED_ALLOCATION,
  balancedAllocationPlugin,
  balancedAllocationScore,
} from "./plugins/balanced-allocation/balanced-allocation.js";
export { type Binder, createDefaultBinder, DEFAULT_BINDER } from "./plugins/default-binder/default-binder.js";
export { LEAST_ALLOCATED, leastAllocatedPlugin } from "./plugins/least-allocated/least-allocated.js";
export {
  NODE_AFFINITY,
  NODE_AFFINITY_REASON,
  nodeAffinityPlugin,
} from "./plugins/node-affinity/node-affinity.js";
export { NODE_NAME, NODE_NAME_REASON, nodeNamePlugin } from "./plugins/node-name/node-name.js";
export {
  NODE_RESOURCES_FIT,
  nodeResourcesFitPlugin,
} from "./plugins/node-resources-fit/node-resources-fit.js";
export {
  NODE_UNSCHEDULABLE,
  NODE_UNSCHEDULABLE_REASON,
  nodeUnschedulablePlugin,
} from "./plugins/node-unschedulable/node-unschedulable.js";
export {
  NOT_READY_TAINT_KEY,
  TAINT_TOLERATION,
  taintTolerationPlugin,
  UNREACHABLE_TAINT_KEY,
} from "./plugins/taint-toleration/taint-toleration.js";
export { tolerates } from "./plugins/taint-toleration/tolerations.js";
export {
  type LeaderElectionConfig,
  loadSchedulerConfiguration,
  loadSchedulerProfile,
  parseSchedulerConfiguration,
  SCHEDULER_CONFIG_API_VERSION,
  SCHEDULER_CONFIG_KIND,
  type SchedulerConfiguration,
} from "./profile/load-config.js";
export {
  createProfileFramework,
  DEFAULT_PLUGINS,
  defaultSchedulerProfile,
  type SchedulerProfile,
  type ScoreSetting,
} from "./profile/profile.js";
export { type PluginFactory, type PluginHandle, pluginRegistry } from "./profile/registry.js";
export { type ApiWriter, createApiWriter } from "./scheduler/api-writer.js";
export { DEFAULT_SCHEDULER_NAME, isPendingFor } from "./scheduler/pending.js";
export { createScheduler, type SchedulerOptions } from "./scheduler/scheduler.js";
export { podKey, SchedulerCache } from "./scheduler/scheduler-cache.js";
