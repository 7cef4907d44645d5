import { DaemonSetService, NodeService, PodService } from "@capstan/api";
import { keyOf } from "@capstan/client";
import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { Expectations } from "../shared/expectations.js";
import { ownedPodHandler } from "../shared/owned-pod-handler.js";
import { syncDaemonSet } from "./daemonset-sync.js";

/** The registry name of the DaemonSet controller. */
export const DAEMONSET_CONTROLLER = "daemonset";

/**
 * Runs one pod of each DaemonSet on every eligible node. A node change (joining, leaving, labels, taints)
 * enqueues every DaemonSet; a pod change enqueues the one that controls it.
 */
export function createDaemonSetController(context: ControllerContext): Controller {
  const queue = createControllerQueue(context);
  const daemonSets = context.informers.forResource(DaemonSetService);
  const nodes = context.informers.forResource(NodeService);
  const pods = context.informers.forResource(PodService);
  const expectations = new Expectations(context.clock);
  daemonSets.addHandler((change) => {
    const key = keyOf(change.object);
    if (change.type === "deleted") expectations.delete(key);
    queue.add(key);
  });
  nodes.addHandler(() => {
    for (const daemonSet of daemonSets.lister.list()) queue.add(keyOf(daemonSet));
  });
  pods.addHandler(ownedPodHandler({ kind: "DaemonSet", owners: daemonSets.lister }, expectations, queue));
  return createReconcileController({
    name: DAEMONSET_CONTROLLER,
    context,
    queue,
    informers: [daemonSets, nodes, pods],
    reconcile: (key) =>
      syncDaemonSet(key, {
        daemonSets: daemonSets.lister,
        nodes: nodes.lister,
        pods: pods.lister,
        daemonSetClient: context.client(DaemonSetService),
        podClient: context.client(PodService),
        expectations,
        events: context.eventRecorder("daemonset-controller"),
        clock: context.clock,
      }),
  });
}

/** The DaemonSet controller as the registry knows it. */
export const daemonSetControllerDescriptor: ControllerDescriptor = {
  name: DAEMONSET_CONTROLLER,
  create: createDaemonSetController,
};
