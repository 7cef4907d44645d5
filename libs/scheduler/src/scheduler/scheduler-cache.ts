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
  private readonly placed = new Map<string, Placement>();
  /** Node name -> keys of the pods placed there (nodes may not be known yet). */
  private readonly keysByNode = new Map<string, Set<string>>();
  /** NodeInfos built by the last snapshot; a change to a node or its pods drops its entry. */
  private readonly infos = new Map<string, NodeInfo>();
  private sortedNames: string[] | undefined;

  /** Adds or replaces a node. */
  setNode(node: Node): void {
    const name = node.metadata?.name ?? "";
    if (!this.nodes.has(name)) this.sortedNames = undefined;
    this.nodes.set(name, node);
    this.infos.delete(name);
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    this.infos.delete(name);
    this.sortedNames = undefined;
  }

  /** Records a pod as the apiserver reports it: counted on its node while bound and not finished. */
  setPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName ?? "";
    if (nodeName === "") return;
    if (isTerminal(pod)) this.removePod(podKey(pod));
    else this.place(pod, nodeName, false);
  }

  /** Forgets a pod (deleted, or a failed bind of an assumed pod). */
  removePod(key: string): void {
    const placement = this.placed.get(key);
    if (!placement) return;
    this.placed.delete(key);
    this.keysByNode.get(placement.nodeName)?.delete(key);
    this.infos.delete(placement.nodeName);
  }

  /** Counts `pod` on `nodeName` until the watch confirms the bind or {@link removePod} undoes it. */
  assume(pod: Pod, nodeName: string): void {
    this.place(pod, nodeName, true);
  }

  /**
   * True while the pod is assumed and the watch has not yet shown it bound: the informer may still hold an
   * older, unbound copy, which must not be scheduled a second time.
   */
  isAssumed(key: string): boolean {
    return this.placed.get(key)?.assumed ?? false;
  }

  /** One NodeInfo per node, in name order (a deterministic tie-break); only changed nodes are rebuilt. */
  snapshot(): NodeInfo[] {
    this.sortedNames ??= [...this.nodes.keys()].sort();
    return this.sortedNames.map((name) => {
      let info = this.infos.get(name);
      if (info === undefined) {
        const keys = this.keysByNode.get(name) ?? new Set<string>();
        const pods = [...keys].map((key) => (this.placed.get(key) as Placement).pod);
        info = createNodeInfo(this.nodes.get(name) as Node, pods);
        this.infos.set(name, info);
      }
      return info;
    });
  }

  private place(pod: Pod, nodeName: string, assumed: boolean): void {
    const key = podKey(pod);
    this.removePod(key);
    this.placed.set(key, { pod, nodeName, assumed });
    let keys = this.keysByNode.get(nodeName);
    if (!keys) {
      keys = new Set();
      this.keysByNode.set(nodeName, keys);
    }
    keys.add(key);
    this.infos.delete(nodeName);
  }
}

interface Placement {
  readonly pod: Pod;
  readonly nodeName: string;
  readonly assumed: boolean;
}
