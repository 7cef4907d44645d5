import type { ControllerDescriptor } from "./controller.js";
import { deploymentControllerDescriptor } from "./deployment/deployment-controller.js";
import { daemonSetControllerDescriptor } from "./daemonset/index.js";
import { endpointsControllerDescriptor } from "./endpoints/index.js";
import { garbageCollectorDescriptor } from "./garbage-collector/index.js";
import { jobControllerDescriptor } from "./job/index.js";
import { namespaceControllerDescriptor } from "./namespace/index.js";
import { nodeLifecycleControllerDescriptor } from "./node-lifecycle/index.js";
import { replicaSetControllerDescriptor } from "./replicaset/replicaset-controller.js";

/**
 * Every controller of the controller-manager, in start order (kube-controller-manager's
 * controller_descriptor.go). Each folder exports its descriptor; this list is the one place they meet.
 */
export const controllerDescriptors: readonly ControllerDescriptor[] = [
  replicaSetControllerDescriptor,
  deploymentControllerDescriptor,
  endpointsControllerDescriptor,
  garbageCollectorDescriptor,
  namespaceControllerDescriptor,
  nodeLifecycleControllerDescriptor,
  jobControllerDescriptor,
  daemonSetControllerDescriptor,
];
