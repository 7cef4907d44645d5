import type { ControllerDescriptor } from "./controller.js";
import { daemonSetControllerDescriptor } from "./daemonset/index.js";
import { deploymentControllerDescriptor } from "./deployment/deployment-controller.js";
import { endpointsControllerDescriptor } from "./endpoints/index.js";
import { garbageCollectorDescriptor } from "./garbage-collector/index.js";
import { jobControllerDescriptor } from "./job/index.js";
import { namespaceControllerDescriptor } from "./namespace/index.js";
import {
  NODE_LIFECYCLE_CONTROLLER,
  nodeLifecycleControllerDescriptor,
  nodeLifecycleControllerFactory,
  nodeLifecycleOptionsFrom,
} from "./node-lifecycle/index.js";
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

/** The settings of controllers that take flags (a subset of the controller-manager's config). */
export type ControllerSettings = Parameters<typeof nodeLifecycleOptionsFrom>[0];

/** The registered controllers with their flag-driven settings applied (e.g. node monitor grace period). */
export function configuredDescriptors(settings: ControllerSettings): ControllerDescriptor[] {
  const nodeLifecycle = nodeLifecycleControllerFactory(nodeLifecycleOptionsFrom(settings));
  return controllerDescriptors.map((descriptor) =>
    descriptor.name === NODE_LIFECYCLE_CONTROLLER ? { ...descriptor, create: nodeLifecycle } : descriptor,
  );
}
