import type { Node, Pod, PodAffinityTerm } from "@capstan/api";
import type { AffinityTermScope } from "./affinity-term.js";
import type { CycleState } from "./cycle-state.js";

/** Resources the scheduler accounts for: cpu in millicores, memory in bytes, pods as a count. */
export interface Resources {
  milliCpu: number;
  memory: number;
  pods: number;
}

/**
 * What the scheduler knows about one node: the node and the pods assigned or assumed on it, with the sum of
 * their requests. Plugins read it; only the cache builds it.
 */
export interface NodeInfo {
  readonly node: Node;
  readonly pods: readonly Pod[];
  /** Sum of the requests of `pods` (what Filter compares against allocatable). */
  readonly requested: Resources;
  /** Like `requested`, but a pod with no cpu/memory request counts a default (what Score uses). */
  readonly nonZeroRequested: Resources;
  /** The node's allocatable resources (capacity when allocatable is absent). */
  readonly allocatable: Resources;
}

/** A question about placed pods, answered per node; `key` names it so answers can be indexed and reused. */
export interface PodQuery {
  /** Equal keys must mean equal `matches`. */
  readonly key: string;
  matches(pod: Pod): boolean;
}

/** Placed pods' required anti-affinity term, shared by every pod that carries the same one. */
export interface PlacedAntiAffinityTerm {
  readonly term: PodAffinityTerm;
  readonly scope: AffinityTermScope;
  /** Node name -> how many placed pods carry the term there (only nodes with at least one). */
  readonly podsPerNode: ReadonlyMap<string, number>;
}

/**
 * What one scheduling cycle sees: every node, and indexed questions about the pods on them, so plugins
 * need not scan every pod of the cluster for every pod they place.
 */
export interface ClusterSnapshot {
  /** Every node, in a stable order (by name). */
  readonly nodes: readonly NodeInfo[];
  node(name: string): NodeInfo | undefined;
  /** Node name -> how many placed pods match the query (only nodes with at least one). */
  countPods(query: PodQuery): ReadonlyMap<string, number>;
  /** The required pod anti-affinity terms of placed pods. */
  antiAffinityTerms(): readonly PlacedAntiAffinityTerm[];
}

/** Why a node (or, from PreFilter, every node) cannot take the pod, in Kubernetes' wording; undefined = fits. */
export type FilterResult = readonly string[] | undefined;

/**
 * A scheduler plugin in the Kubernetes framework shape: it implements any subset of the extension points.
 * The cycle state is passed explicitly; a plugin keeps per-cycle data there, never in itself.
 */
export interface SchedulerPlugin {
  readonly name: string;
  /** Once per cycle before Filter (runs when the plugin filters); reasons here reject every node. */
  preFilter?(pod: Pod, snapshot: ClusterSnapshot, state: CycleState): FilterResult;
  /** Whether the pod fits one node. */
  filter?(pod: Pod, node: NodeInfo, state: CycleState): FilterResult;
  /** Once per cycle before Score, over the nodes that passed Filter (runs when the plugin scores). */
  preScore?(pod: Pod, feasible: readonly NodeInfo[], snapshot: ClusterSnapshot, state: CycleState): void;
  /** A raw score for one feasible node. */
  score?(pod: Pod, node: NodeInfo, state: CycleState): number;
  /** Rescales this plugin's raw scores (one per feasible node, same order) to 0-MAX_NODE_SCORE. */
  normalizeScore?(scores: number[], state: CycleState): number[];
  /** After the scheduler assumed the placement, before binding; throwing undoes the placement. */
  reserve?(pod: Pod, nodeName: string, state: CycleState): void;
  /** Undoes `reserve` when a later step (reserve of another plugin, bind) fails. */
  unreserve?(pod: Pod, nodeName: string, state: CycleState): void;
  /** Binds the pod; false means "not mine", and the next bind plugin is asked. */
  bind?(pod: Pod, nodeName: string, state: CycleState): Promise<boolean>;
}

/** A plugin with a Filter extension point. */
export type FilterPlugin = SchedulerPlugin & Required<Pick<SchedulerPlugin, "filter">>;
/** A plugin with a Score extension point. */
export type ScorePlugin = SchedulerPlugin & Required<Pick<SchedulerPlugin, "score">>;

/** The highest score a node can get from one plugin after normalization. */
export const MAX_NODE_SCORE = 100;
