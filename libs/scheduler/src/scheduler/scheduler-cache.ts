import type { Node, Pod } from "@capstan/api";
import { requiredAntiAffinity } from "../framework/affinity-term.js";
import { createNodeInfo } from "../framework/node-info.js";
import { addCount } from "../framework/snapshot.js";
import type { ClusterSnapshot, NodeInfo, PlacedAntiAffinityTerm, PodQuery } from "../framework/types.js";

/** `namespace/name` of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** A pod that no longer holds resources on its node. */
function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** How many pod queries keep an up-to-date count; the least recently used is dropped beyond this. */
const MAX_TRACKED_QUERIES = 256;

interface Tracked {
  readonly query: PodQuery;
  readonly counts: Map<string, number>;
}

type TermGroup = PlacedAntiAffinityTerm & { readonly podsPerNode: Map<string, number> };

/**
 * The scheduler's view of the cluster: nodes, and the pods on each, both those the apiserver reports bound
 * and those the scheduler has "assumed" onto a node before its bind returns, so the next pod already sees
 * those resources as taken. It keeps indexes that plugins query through the snapshot: per-node counts of
 * the pods matching a query (kept up to date on each pod change once asked for), and placed pods' required
 * anti-affinity terms, so a scheduling cycle costs per node, not per pod in the cluster.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, Node>();
  /** Pod key -> the pod with the node it is bound or assumed to. */
  private readonly placed = new Map<string, Placement>();
  /** Node name -> keys of the pods placed there (nodes may not be known yet). */
  private readonly keysByNode = new Map<string, Set<string>>();
  /** NodeInfos built so far; a change to a node or its pods drops its entry. */
  private readonly infos = new Map<string, NodeInfo>();
  /** The snapshot's node list, in name order; entries of changed nodes are rebuilt on the next snapshot. */
  private nodeList: NodeInfo[] | undefined;
  private readonly listIndex = new Map<string, number>();
  private readonly changedNodes = new Set<string>();
  /** Query key -> per-node counts of matching placed pods, in least-recently-used order. */
  private readonly tracked = new Map<string, Tracked>();
  private readonly antiTerms = new Map<string, TermGroup>();

  /** Adds or replaces a node. */
  setNode(node: Node): void {
    const name = node.metadata?.name ?? "";
    if (!this.nodes.has(name)) this.nodeList = undefined;
    this.nodes.set(name, node);
    this.invalidate(name);
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    this.infos.delete(name);
    this.nodeList = undefined;
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
    this.invalidate(placement.nodeName);
    this.index(placement.pod, placement.nodeName, -1);
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

  /**
   * The view a scheduling cycle uses: nodes in name order (a deterministic tie-break; only changed nodes are
   * rebuilt) and indexed pod queries. Valid until the cache next changes.
   */
  snapshot(): ClusterSnapshot {
    const nodes = this.currentNodeList();
    return {
      nodes,
      node: (name) => (this.nodes.has(name) ? this.infoFor(name) : undefined),
      countPods: (query) => this.countPods(query),
      antiAffinityTerms: () => [...this.antiTerms.values()],
    };
  }

  private currentNodeList(): NodeInfo[] {
    if (this.nodeList === undefined) {
      const names = [...this.nodes.keys()].sort();
      this.listIndex.clear();
      for (const [i, name] of names.entries()) this.listIndex.set(name, i);
      this.nodeList = names.map((name) => this.infoFor(name));
      this.changedNodes.clear();
    }
    for (const name of this.changedNodes) {
      const i = this.listIndex.get(name);
      if (i !== undefined && this.nodes.has(name)) this.nodeList[i] = this.infoFor(name);
    }
    this.changedNodes.clear();
    return this.nodeList;
  }

  private infoFor(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (info === undefined) {
      const keys = this.keysByNode.get(name) ?? new Set<string>();
      const pods = [...keys].map((key) => (this.placed.get(key) as Placement).pod);
      info = createNodeInfo(this.nodes.get(name) as Node, pods);
      this.infos.set(name, info);
    }
    return info;
  }

  private countPods(query: PodQuery): ReadonlyMap<string, number> {
    let tracked = this.tracked.get(query.key);
    if (tracked) {
      this.tracked.delete(query.key);
    } else {
      tracked = { query, counts: new Map() };
      for (const { pod, nodeName } of this.placed.values()) {
        if (query.matches(pod)) addCount(tracked.counts, nodeName, 1);
      }
      if (this.tracked.size >= MAX_TRACKED_QUERIES) {
        const oldest = this.tracked.keys().next().value;
        if (oldest !== undefined) this.tracked.delete(oldest);
      }
    }
    this.tracked.set(query.key, tracked);
    return tracked.counts;
  }

  /** Keeps the query counts and anti-affinity terms in step with a pod placed (+1) or removed (-1). */
  private index(pod: Pod, nodeName: string, delta: 1 | -1): void {
    for (const { query, counts } of this.tracked.values()) {
      if (query.matches(pod)) addCount(counts, nodeName, delta);
    }
    for (const { term, scope } of requiredAntiAffinity(pod)) {
      const key = `${term.topologyKey}|${scope.key}`;
      let group = this.antiTerms.get(key);
      if (!group) {
        group = { term, scope, podsPerNode: new Map() };
        this.antiTerms.set(key, group);
      }
      addCount(group.podsPerNode, nodeName, delta);
      if (group.podsPerNode.size === 0) this.antiTerms.delete(key);
    }
  }

  private invalidate(nodeName: string): void {
    this.infos.delete(nodeName);
    this.changedNodes.add(nodeName);
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
    this.invalidate(nodeName);
    this.index(pod, nodeName, 1);
  }
}

interface Placement {
  readonly pod: Pod;
  readonly nodeName: string;
  readonly assumed: boolean;
}
