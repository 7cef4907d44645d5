import {
  type Deployment,
  DeploymentService,
  type Pod,
  PodService,
  type ReplicaSet,
  ReplicaSetService,
} from "@capstan/api";
import { labelSelectorFromObject } from "@capstan/apimachinery";
import { type CacheChange, keyOf, type Lister } from "@capstan/client";
import { objectKey } from "@capstan/runtime";
import type { ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { controllerRefOf } from "../shared/controller-ref.js";
import { syncDeployment } from "./deployment-sync.js";

/** The registry name, as in kube-controller-manager's `--controllers`. */
export const DEPLOYMENT_CONTROLLER = "deployment";

/** Rolls each Deployment's pods over ReplicaSets. */
export const deploymentControllerDescriptor: ControllerDescriptor = {
  name: DEPLOYMENT_CONTROLLER,
  create(context) {
    const queue = createControllerQueue(context);
    const deployments = context.informers.forResource(DeploymentService);
    const replicaSets = context.informers.forResource(ReplicaSetService);
    const pods = context.informers.forResource(PodService);
    deployments.addHandler((change) => queue.add(keyOf(change.object)));
    replicaSets.addHandler((change) => {
      for (const key of ownersOfReplicaSet(change, deployments.lister)) queue.add(key);
    });
    // Recreate waits for the old pods to be gone: their deletion is the signal to go on.
    pods.addHandler((change) => {
      if (change.type !== "deleted") return;
      const key = recreateOwnerOf(change.object, replicaSets.lister, deployments.lister);
      if (key) queue.add(key);
    });
    return createReconcileController({
      name: DEPLOYMENT_CONTROLLER,
      context,
      queue,
      informers: [deployments, replicaSets, pods],
      reconcile: (key) =>
        syncDeployment(key, {
          deployments: deployments.lister,
          replicaSets: replicaSets.lister,
          pods: pods.lister,
          deploymentClient: context.client(DeploymentService),
          replicaSetClient: context.client(ReplicaSetService),
          events: context.eventRecorder("deployment-controller"),
          clock: context.clock,
        }),
    });
  },
};

/** The deployment controlling an object, by controller reference with the uid checked against the cache. */
function controllingDeployment(
  meta: ReplicaSet["metadata"],
  deployments: Lister<Deployment>,
): string | undefined {
  const ref = controllerRefOf(meta);
  if (ref?.kind !== "Deployment") return undefined;
  const key = objectKey(meta?.namespace ?? "", ref.name);
  return deployments.get(key)?.metadata?.uid === ref.uid ? key : undefined;
}

/** Deployments to look at after a ReplicaSet change: its controller now and before, or those that may adopt it. */
function ownersOfReplicaSet(change: CacheChange<ReplicaSet>, deployments: Lister<Deployment>): Set<string> {
  const keys = new Set<string>();
  for (const replicaSet of change.previous ? [change.object, change.previous] : [change.object]) {
    const owner = controllingDeployment(replicaSet.metadata, deployments);
    if (owner) keys.add(owner);
    else if (!controllerRefOf(replicaSet.metadata)) {
      const labels = replicaSet.metadata?.labels ?? {};
      for (const deployment of deployments.list({ namespace: replicaSet.metadata?.namespace ?? "" })) {
        if (selects(deployment, labels)) keys.add(keyOf(deployment));
      }
    }
  }
  return keys;
}

function selects(deployment: Deployment, labels: Readonly<Record<string, string>>): boolean {
  try {
    const selector = labelSelectorFromObject(deployment.spec?.selector);
    return !selector.isEverything() && selector.matches(labels);
  } catch {
    return false;
  }
}

/** The Recreate deployment whose ReplicaSet owned `pod`, if any. */
function recreateOwnerOf(
  pod: Pod,
  replicaSets: Lister<ReplicaSet>,
  deployments: Lister<Deployment>,
): string | undefined {
  const ref = controllerRefOf(pod.metadata);
  if (ref?.kind !== "ReplicaSet") return undefined;
  const replicaSet = replicaSets.get(objectKey(pod.metadata?.namespace ?? "", ref.name));
  if (replicaSet?.metadata?.uid !== ref.uid) return undefined;
  const key = controllingDeployment(replicaSet.metadata, deployments);
  return key && deployments.get(key)?.spec?.strategy?.type === "Recreate" ? key : undefined;
}
