export { desiredSubsets, isPodReady, resolveTargetPort } from "./desired-subsets.js";
export {
  createEndpointsController,
  ENDPOINTS_CONTROLLER,
  endpointsControllerDescriptor,
} from "./endpoints-controller.js";
export { createEndpointsReconciler, type EndpointsWriter, HEADLESS_LABEL } from "./endpoints-reconciler.js";
