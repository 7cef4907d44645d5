import type { Node, Pod } from "@capstan/api";
import { addResources, nodeAllocatable, podRequests, zeroResources } from "./resources.js";
import type { NodeInfo } from "./types.js";

/** Builds the scheduler's view of a node from the node and the pods assigned or assumed on it. */
export function createNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  let requested = zeroResources();
  let nonZeroRequested = zeroResources();
  for (const pod of pods) {
    requested = addResources(requested, podRequests(pod));
    nonZeroRequested = addResources(nonZeroRequested, podRequests(pod, true));
  }
  return { node, pods, requested, nonZeroRequested, allocatable: nodeAllocatable(node) };
}
