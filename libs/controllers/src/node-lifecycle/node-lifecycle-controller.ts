import { LeaseService, NodeService, PodService } from "@capstan/api";
import { enqueueKeys, keyOf, NODE_LEASE_NAMESPACE } from "@capstan/client";
import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor, ControllerFactory } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { createNodeMonitor } from "./node-monitor.js";
import { checkNodeLifecycleOptions, type NodeLifecycleOptions } from "./options.js";
import { createPodEviction } from "./pod-eviction.js";

/** The registry name of the node lifecycle controller. */
export const NODE_LIFECYCLE_CONTROLLER = "node-lifecycle";

/**
 * The node lifecycle controller: a node monitor over node names (heartbeats from kube-node-lease Leases,
 * Ready=Unknown, not-ready/unreachable taints, the disruption guard) and a taint eviction loop over pod
 * keys, run together. A Lease change enqueues its node; a node change enqueues the node and its pods.
 */
export function createNodeLifecycleController(
  context: ControllerContext,
  options: Partial<NodeLifecycleOptions> = {},
): Controller {
  const settings = checkNodeLifecycleOptions(options);
  const nodes = context.informers.forResource(NodeService);
  const leases = context.informers.forResource(LeaseService);
  const pods = context.informers.forResource(PodService);
  const nodeQueue = createControllerQueue(context);
  const podQueue = createControllerQueue(context);
  nodes.addHandler(enqueueKeys(nodeQueue));
  nodes.addHandler((change) => {
    const name = change.object.metadata?.name;
    for (const pod of pods.lister.list()) if (pod.spec?.nodeName === name) podQueue.add(keyOf(pod));
  });
  leases.addHandler((change) => {
    const meta = change.object.metadata;
    if (meta?.namespace === NODE_LEASE_NAMESPACE && meta.name) nodeQueue.add(meta.name);
  });
  pods.addHandler(enqueueKeys(podQueue, (pod) => (pod.spec?.nodeName ? [keyOf(pod)] : [])));
  const monitor = createReconcileController({
    name: NODE_LIFECYCLE_CONTROLLER,
    context,
    queue: nodeQueue,
    informers: [nodes, leases, pods],
    reconcile: createNodeMonitor({
      nodes: nodes.lister,
      leases: leases.lister,
      client: context.client(NodeService),
      events: context.eventRecorder("node-controller"),
      clock: context.clock,
      options: settings,
    }),
  });
  const eviction = createReconcileController({
    name: NODE_LIFECYCLE_CONTROLLER,
    context,
    queue: podQueue,
    informers: [nodes, pods],
    reconcile: createPodEviction({
      pods: pods.lister,
      nodes: nodes.lister,
      podClient: context.client(PodService),
      nodeClient: context.client(NodeService),
      events: context.eventRecorder("taint-eviction-controller"),
      clock: context.clock,
    }),
  });
  return {
    name: NODE_LIFECYCLE_CONTROLLER,
    async run(signal) {
      await Promise.all([monitor.run(signal), eviction.run(signal)]);
    },
  };
}

/** A node lifecycle factory with these settings (e.g. from {@link nodeLifecycleOptionsFrom}). */
export function nodeLifecycleControllerFactory(options: Partial<NodeLifecycleOptions>): ControllerFactory {
  checkNodeLifecycleOptions(options);
  return (context) => createNodeLifecycleController(context, options);
}

/** The node lifecycle controller with Kubernetes' default settings, as the registry knows it. */
export const nodeLifecycleControllerDescriptor: ControllerDescriptor = {
  name: NODE_LIFECYCLE_CONTROLLER,
  create: (context) => createNodeLifecycleController(context),
};
