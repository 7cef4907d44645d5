import type { ControllerContext } from "../context.js";
import type { Controller, ControllerDescriptor } from "../controller.js";
import { createControllerQueue, createReconcileController } from "../controller-runner.js";
import { Collector } from "./collector.js";
import { DependencyGraph } from "./dependency-graph.js";
import { createResourceHandles } from "./resource-handles.js";

/** The registry name of the garbage collector. */
export const GARBAGE_COLLECTOR = "garbage-collector";

/**
 * The garbage collector: cascading deletion through ownerReferences, over informers of every kind that
 * owns or depends (see resource-handles.ts). Any change to an object enqueues the object, its dependents
 * (its deletion or finalizers may concern them) and its owners (one waiting in the foreground re-checks);
 * the reconcile reads the caches and the graph, never the event.
 */
export function createGarbageCollector(context: ControllerContext): Controller {
  const handles = createResourceHandles(context);
  const graph = new DependencyGraph();
  const collector = new Collector(handles, graph);
  const queue = createControllerQueue(context);
  for (const handle of handles) {
    handle.informer.addHandler((change) => {
      const item = Collector.itemOf(handle, change.object);
      const meta = change.object.metadata;
      const owners = meta?.ownerReferences.map((reference) => reference.uid) ?? [];
      if (change.type === "deleted") graph.remove(item);
      else graph.set(item, meta?.uid ?? "", owners);
      queue.add(item);
      for (const dependent of graph.dependentsOf(meta?.uid ?? "")) queue.add(dependent);
      for (const owner of owners) {
        const ownerItem = graph.itemOf(owner);
        if (ownerItem) queue.add(ownerItem);
      }
    });
  }
  return createReconcileController({
    name: GARBAGE_COLLECTOR,
    context,
    queue,
    informers: handles.map((handle) => handle.informer),
    reconcile: (item) => collector.reconcile(item),
  });
}

/** The garbage collector as the registry knows it. */
export const garbageCollectorDescriptor: ControllerDescriptor = {
  name: GARBAGE_COLLECTOR,
  create: createGarbageCollector,
};
