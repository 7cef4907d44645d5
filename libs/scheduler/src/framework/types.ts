import type { Node, Pod } from "@capstan/api";

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

/**
 * A Filter plugin: undefined when the pod fits the node, otherwise the reasons it does not, in Kubernetes'
 * wording (`Insufficient cpu`, `node(s) were unschedulable`).
 */
export interface FilterPlugin {
  readonly name: string;
  filter(pod: Pod, node: NodeInfo): readonly string[] | undefined;
}

/** A Score plugin: a raw score per node; `normalize` (if any) rescales the raw scores to 0-100. */
export interface ScorePlugin {
  readonly name: string;
  score(pod: Pod, node: NodeInfo): number;
  normalize?(scores: number[]): number[];
}

/** The highest score a node can get from one plugin after normalization. */
export const MAX_NODE_SCORE = 100;
