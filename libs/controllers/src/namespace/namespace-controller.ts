import { clone } from "@bufbuild/protobuf";
import { EventService, NamespaceSchema, NamespaceService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { enqueueKeys, type ReconcileResult } from "@capstan/client";
import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import {
  COLLECTED_RESOURCES,
  createResourceClients,
  type ResourceClient,
} from "../garbage-collector/resource-handles.js";

/** The registry name of the namespace controller. */
export const NAMESPACE_CONTROLLER = "namespace";
/** The spec finalizer this controller owns: removed once the namespace is empty. */
export const NAMESPACE_FINALIZER = "kubernetes";
/** How soon a namespace whose content is still going away is looked at again. */
const CONTENT_RECHECK_MS = 500;

/**
 * Deletes everything in one namespace and counts what is still there (pods being deleted gracefully stay
 * until their kubelet confirms). Lists are live, not cached: an object created just before the namespace
 * turned Terminating must not be missed.
 */
async function deleteContent(clients: readonly ResourceClient[], namespace: string): Promise<number> {
  for (const client of clients) {
    for (const object of await client.list(namespace)) {
      const meta = object.metadata;
      if (!meta || meta.deletionTimestamp) continue;
      try {
        await client.delete(namespace, meta.name, meta.uid, "Background");
      } catch (error) {
        if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
      }
    }
  }
  let remaining = 0;
  for (const client of clients) remaining += (await client.list(namespace)).length;
  return remaining;
}

/**
 * The namespace controller: a Terminating namespace that still has the `kubernetes` finalizer gets its
 * content deleted; once nothing is left the finalizer is removed, and the apiserver removes the namespace.
 * (The apiserver's own stand-in for this, `namespaceCleanupIntervalMs`, can then be set to 0.)
 */
export function createNamespaceController(context: ControllerContext): Controller {
  const namespaces = context.informers.forResource(NamespaceService);
  const client = context.client(NamespaceService);
  const content = createResourceClients(context, [
    ...COLLECTED_RESOURCES,
    [EventService, "v1", "Event"],
  ]).filter((resource) => resource.type.namespaced);
  const queue = createControllerQueue(context);
  namespaces.addHandler(enqueueKeys(queue));
  return createReconcileController({
    name: NAMESPACE_CONTROLLER,
    context,
    queue,
    informers: [namespaces],
    async reconcile(name): Promise<ReconcileResult | undefined> {
      const namespace = namespaces.lister.get(name);
      if (!namespace?.metadata?.deletionTimestamp) return undefined;
      if (!namespace.spec?.finalizers.includes(NAMESPACE_FINALIZER)) return undefined;
      if ((await deleteContent(content, name)) > 0) return { requeueAfter: CONTENT_RECHECK_MS };
      try {
        const next = clone(NamespaceSchema, await client.get({ namespace: "", name }));
        if (!next.spec) return undefined;
        next.spec.finalizers = next.spec.finalizers.filter((finalizer) => finalizer !== NAMESPACE_FINALIZER);
        await client.update(next);
      } catch (error) {
        if (!ApiError.is(error, "NotFound")) throw error;
      }
      return undefined;
    },
  });
}

/** The namespace controller as the registry knows it. */
export const namespaceControllerDescriptor: ControllerDescriptor = {
  name: NAMESPACE_CONTROLLER,
  create: createNamespaceController,
};
