import type { Node, Pod } from "@capstan/api";
import { createNodeInfo } from "../framework/node-info.js";
import type { NodeInfo } from "../framework/types.js";

/** `namespace/name` of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** A pod that no longer holds resources on its node. */
function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/**
 * The scheduler's view of the cluster: nodes, and the pods on each, both those the apiserver reports bound
 * and those the scheduler has "assumed" onto a node before its bind returns, so the next pod already sees
 * those resources as taken.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, Node>();
  /** Pod key -> the pod with the node it is bound or assumed to. */
  private readonly placed = new Map<
    string,
    { readonly pod: Pod; readonly nodeName: string; readonly assumed: boolean }
  >();

  /** Adds or replaces a node. */
  setNode(node: Node): void {
    this.nodes.set(node.metadata?.name ?? "", node);
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
  }

  /** Records a pod as the apiserver reports it: counted on its node while bound and not finished. */
  setPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName ?? "";
    if (nodeName === "" || isTerminal(pod)) {
      if (nodeName !== "") this.placed.delete(podKey(pod));
      return;
    }
    this.placed.set(podKey(pod), { pod, nodeName, assumed: false });
  }

  /** Forgets a pod (deleted, or a failed bind of an assumed pod). */
  removePod(key: string): void {
    this.placed.delete(key);
  }

  /** Counts `pod` on `nodeName` until the watch confirms the bind or {@link removePod} undoes it. */
  assume(pod: Pod, nodeName: string): void {
    this.placed.set(podKey(pod), { pod, nodeName, assumed: true });
  }

  /**
   * True while the pod is assumed and the watch has not yet shown it bound: the informer may still hold an
   * older, unbound copy, which must not be scheduled a second time.
   */
  isAssumed(key: string): boolean {
    return this.placed.get(key)?.assumed ?? false;
  }

  /** One NodeInfo per node, in name order (a deterministic tie-break). */
  snapshot(): NodeInfo[] {
    const podsByNode = new Map<string, Pod[]>();
    for (const { pod, nodeName } of this.placed.values()) {
      const list = podsByNode.get(nodeName);
      if (list) list.push(pod);
      else podsByNode.set(nodeName, [pod]);
    }
    return [...this.nodes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, node]) => createNodeInfo(node, podsByNode.get(name) ?? []));
  }
}
