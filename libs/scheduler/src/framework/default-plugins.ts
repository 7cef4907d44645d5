import { balancedAllocationPlugin } from "../plugins/balanced-allocation/balanced-allocation.js";
import { leastAllocatedPlugin } from "../plugins/least-allocated/least-allocated.js";
import { nodeAffinityPlugin } from "../plugins/node-affinity/node-affinity.js";
import { nodeNamePlugin } from "../plugins/node-name/node-name.js";
import { nodeResourcesFitPlugin } from "../plugins/node-resources-fit/node-resources-fit.js";
import { nodeUnschedulablePlugin } from "../plugins/node-unschedulable/node-unschedulable.js";
import { taintTolerationPlugin } from "../plugins/taint-toleration/taint-toleration.js";
import { createFramework, type Framework } from "./framework.js";

/** The default profile: Kubernetes' filter order, least-allocated, balanced-allocation and preferred node affinity scoring. */
export function createDefaultFramework(): Framework {
  return createFramework({
    filters: [
      nodeUnschedulablePlugin,
      nodeNamePlugin,
      taintTolerationPlugin,
      nodeAffinityPlugin,
      nodeResourcesFitPlugin,
    ],
    scores: [
      { plugin: leastAllocatedPlugin, weight: 1 },
      { plugin: balancedAllocationPlugin, weight: 1 },
      { plugin: nodeAffinityPlugin, weight: 2 },
    ],
  });
}
