export {
  type ControllerContext,
  type ControllerContextOptions,
  type ControllerEventRecorder,
  createControllerContext,
  type EventObject,
} from "./context.js";
export { createSharedInformers, type ResourceOf, type SharedInformers } from "./context-informers.js";
export type { Controller, ControllerDescriptor, ControllerFactory } from "./controller.js";
export {
  type ControllerSettings,
  configuredDescriptors,
  controllerDescriptors,
} from "./controller-descriptors.js";
export {
  type ControllerManagerComponent,
  type ControllerManagerConfig,
  type ControllerManagerExtras,
  createControllerManagerComponent,
} from "./controller-manager.js";
export { controllerManagerConfig } from "./controller-manager-config.js";
export { controllerManagerDefinition } from "./controller-manager-definition.js";
export { type ControllerRegistry, createControllerRegistry } from "./controller-registry.js";
export {
  createControllerQueue,
  createReconcileController,
  type ReconcileControllerOptions,
} from "./controller-runner.js";
export {
  createDaemonSetController,
  DAEMONSET_CONTROLLER,
  daemonSetControllerDescriptor,
} from "./daemonset/index.js";
export { deploymentControllerDescriptor } from "./deployment/deployment-controller.js";
export {
  createEndpointsController,
  desiredSubsets,
  ENDPOINTS_CONTROLLER,
  endpointsControllerDescriptor,
} from "./endpoints/index.js";
export {
  createGarbageCollector,
  FOREGROUND_FINALIZER,
  GARBAGE_COLLECTOR,
  garbageCollectorDescriptor,
  ORPHAN_FINALIZER,
} from "./garbage-collector/index.js";
export {
  createJobController,
  JOB_CONTROLLER,
  jobControllerDescriptor,
  jobControllerFactory,
  type PodFailureBackoff,
} from "./job/index.js";
export {
  createNamespaceController,
  NAMESPACE_CONTROLLER,
  namespaceControllerDescriptor,
} from "./namespace/index.js";
export {
  createNodeLifecycleController,
  DEFAULT_NODE_LIFECYCLE_OPTIONS,
  FAST_FAILOVER_NODE_LIFECYCLE_OPTIONS,
  NODE_LIFECYCLE_CONTROLLER,
  type NodeLifecycleOptions,
  nodeLifecycleConfig,
  nodeLifecycleControllerDescriptor,
  nodeLifecycleControllerFactory,
  nodeLifecycleOptionsFrom,
} from "./node-lifecycle/index.js";
export { replicaSetControllerDescriptor } from "./replicaset/replicaset-controller.js";
export {
  controllerRefOf,
  isControlledBy,
  newControllerRef,
  type OwnerIdentity,
} from "./shared/controller-ref.js";
