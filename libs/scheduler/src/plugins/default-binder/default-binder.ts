import type { Pod } from "@capstan/api";
import type { SchedulerPlugin } from "../../framework/types.js";

/** Name of the plugin that binds through the apiserver's binding subresource. */
export const DEFAULT_BINDER = "DefaultBinder";

/** What binds a pod to a node (the scheduler's REST writer). */
export interface Binder {
  bind(pod: Pod, nodeName: string): Promise<void>;
}

/** The DefaultBinder plugin: POSTs a Binding through `binder`; always claims the pod. */
export function createDefaultBinder(binder: Binder): SchedulerPlugin {
  return {
    name: DEFAULT_BINDER,
    async bind(pod, nodeName) {
      await binder.bind(pod, nodeName);
      return true;
    },
  };
}
