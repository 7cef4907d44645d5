export {
  type ControllerContext,
  type ControllerContextOptions,
  type ControllerEventRecorder,
  createControllerContext,
  type EventObject,
} from "./context.js";
export { createSharedInformers, type ResourceOf, type SharedInformers } from "./context-informers.js";
export type { Controller, ControllerDescriptor, ControllerFactory } from "./controller.js";
export { controllerDescriptors } from "./controller-descriptors.js";
export { type ControllerRegistry, createControllerRegistry } from "./controller-registry.js";
export {
  createControllerQueue,
  createReconcileController,
  type ReconcileControllerOptions,
} from "./controller-runner.js";
export {
  createEndpointsController,
  desiredSubsets,
  ENDPOINTS_CONTROLLER,
  endpointsControllerDescriptor,
} from "./endpoints/index.js";
export {
  controllerRefOf,
  isControlledBy,
  newControllerRef,
  type OwnerIdentity,
} from "./shared/controller-ref.js";
