import {
  type Endpoints,
  EndpointsService,
  type Pod,
  PodService,
  type Service,
  ServiceService,
} from "@capstan/api";
import { labelSelectorFromSet } from "@capstan/apimachinery";
import { type ChangeHandler, enqueueKeys, keyOf, type Lister } from "@capstan/client";
import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { createEndpointsReconciler } from "./endpoints-reconciler.js";

/** The registry name of the endpoints controller. */
export const ENDPOINTS_CONTROLLER = "endpoints";

/** The keys of the selector services in the pod's namespace whose selector picks the pod. */
export function servicesSelecting(services: Lister<Service>, pod: Pod): string[] {
  const labels = pod.metadata?.labels ?? {};
  const keys: string[] = [];
  for (const service of services.list({ namespace: pod.metadata?.namespace ?? "" })) {
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) continue;
    if (labelSelectorFromSet(selector).matches(labels)) keys.push(keyOf(service));
  }
  return keys;
}

/**
 * The endpoints controller: keeps one Endpoints per selector Service equal to its pods' addresses.
 * A pod change enqueues the services that select it before or after the change; a service or Endpoints
 * change enqueues that name (so a hand-edited or deleted Endpoints is put back).
 */
export function createEndpointsController(context: ControllerContext): Controller {
  const services = context.informers.forResource(ServiceService);
  const pods = context.informers.forResource(PodService);
  const endpoints = context.informers.forResource(EndpointsService);
  const client = context.client(EndpointsService);
  const queue = createControllerQueue(context);
  services.addHandler(enqueueKeys(queue));
  endpoints.addHandler(enqueueKeys<Endpoints>(queue));
  const onPod: ChangeHandler<Pod> = enqueueKeys(queue, (pod) => servicesSelecting(services.lister, pod));
  pods.addHandler(onPod);
  return createReconcileController({
    name: ENDPOINTS_CONTROLLER,
    context,
    queue,
    informers: [services, pods, endpoints],
    reconcile: createEndpointsReconciler({
      services: services.lister,
      pods: pods.lister,
      endpoints: endpoints.lister,
      writer: {
        create: (object) => client.create(object),
        update: (object) => client.update(object),
        delete: ({ namespace, name }) => client.delete({ namespace, name }),
      },
    }),
  });
}

/** The endpoints controller as the registry knows it. */
export const endpointsControllerDescriptor: ControllerDescriptor = {
  name: ENDPOINTS_CONTROLLER,
  create: createEndpointsController,
};
