import { ApiError } from "@capstan/apimachinery";
import type { SchedulerPlugin } from "../framework/types.js";
import { balancedAllocationPlugin } from "../plugins/balanced-allocation/balanced-allocation.js";
import {
  type Binder,
  createDefaultBinder,
  DEFAULT_BINDER,
} from "../plugins/default-binder/default-binder.js";
import { interPodAffinityPlugin } from "../plugins/inter-pod-affinity/inter-pod-affinity.js";
import { leastAllocatedPlugin } from "../plugins/least-allocated/least-allocated.js";
import { nodeAffinityPlugin } from "../plugins/node-affinity/node-affinity.js";
import { nodeNamePlugin } from "../plugins/node-name/node-name.js";
import { nodePortsPlugin } from "../plugins/node-ports/node-ports.js";
import { nodeReadinessPlugin } from "../plugins/node-readiness/node-readiness.js";
import { nodeResourcesFitPlugin } from "../plugins/node-resources-fit/node-resources-fit.js";
import { nodeUnschedulablePlugin } from "../plugins/node-unschedulable/node-unschedulable.js";
import {
  createPodTopologySpreadPlugin,
  POD_TOPOLOGY_SPREAD,
} from "../plugins/pod-topology-spread/pod-topology-spread.js";
import { taintTolerationPlugin } from "../plugins/taint-toleration/taint-toleration.js";

/** What plugins may use from the scheduler that runs them (Kubernetes' framework.Handle). */
export interface PluginHandle {
  /** Binds through the apiserver; DefaultBinder needs it. */
  readonly binder?: Binder;
}

/** Builds a plugin from its `pluginConfig` args (undefined when the profile gives none). */
export type PluginFactory = (args: unknown, handle: PluginHandle) => SchedulerPlugin;

/** A plugin that takes no args: any args given are a configuration mistake. */
function withoutArgs(plugin: SchedulerPlugin): PluginFactory {
  return (args) => {
    if (args !== undefined) throw ApiError.badRequest(`plugin ${plugin.name} takes no args`);
    return plugin;
  };
}

const factories: [string, PluginFactory][] = [
  [nodeUnschedulablePlugin.name, withoutArgs(nodeUnschedulablePlugin)],
  [nodeNamePlugin.name, withoutArgs(nodeNamePlugin)],
  [taintTolerationPlugin.name, withoutArgs(taintTolerationPlugin)],
  [nodeReadinessPlugin.name, withoutArgs(nodeReadinessPlugin)],
  [nodeAffinityPlugin.name, withoutArgs(nodeAffinityPlugin)],
  [nodePortsPlugin.name, withoutArgs(nodePortsPlugin)],
  [nodeResourcesFitPlugin.name, withoutArgs(nodeResourcesFitPlugin)],
  [POD_TOPOLOGY_SPREAD, (args) => createPodTopologySpreadPlugin(args)],
  [interPodAffinityPlugin.name, withoutArgs(interPodAffinityPlugin)],
  [leastAllocatedPlugin.name, withoutArgs(leastAllocatedPlugin)],
  [balancedAllocationPlugin.name, withoutArgs(balancedAllocationPlugin)],
  [
    DEFAULT_BINDER,
    (args, handle) => {
      if (args !== undefined) throw ApiError.badRequest(`plugin ${DEFAULT_BINDER} takes no args`);
      if (!handle.binder) throw ApiError.badRequest(`plugin ${DEFAULT_BINDER} needs the scheduler's binder`);
      return createDefaultBinder(handle.binder);
    },
  ],
];

/** Every plugin a profile can name, by name (Kubernetes' in-tree registry). */
export const pluginRegistry: ReadonlyMap<string, PluginFactory> = new Map(factories);
