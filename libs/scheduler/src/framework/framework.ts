import type { Pod } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { CycleState } from "./cycle-state.js";
import { FitError } from "./fit-error.js";
import { numFeasibleNodesToFind } from "./nodes-to-find.js";
import { createSnapshot } from "./snapshot.js";
import type { ClusterSnapshot, NodeInfo, SchedulerPlugin } from "./types.js";

/** A score plugin and how much its 0-100 score counts in the total. */
export interface WeightedScorePlugin {
  readonly plugin: SchedulerPlugin;
  readonly weight: number;
}

/** The plugins a framework runs at each extension point, in order. */
export interface FrameworkOptions {
  /** Filter plugins; each one's PreFilter (if any) runs first, once per cycle. */
  readonly filters: readonly SchedulerPlugin[];
  /** Score plugins; each one's PreScore (if any) runs first, once per cycle. */
  readonly scores: readonly WeightedScorePlugin[];
  /** Reserve/Unreserve plugins. */
  readonly reserves?: readonly SchedulerPlugin[];
  /** Bind plugins, asked in order until one binds. */
  readonly binders?: readonly SchedulerPlugin[];
  /** Share of nodes to find feasible before scoring (0 = Kubernetes' adaptive default, 100 = all). */
  readonly percentageOfNodesToScore?: number;
}

/** The node chosen for a pod, its total score, and the cycle state later extension points get. */
export interface ScheduleResult {
  readonly nodeName: string;
  readonly score: number;
  /** How many nodes passed every filter (of those checked). */
  readonly feasibleNodes: number;
  /** How many nodes the filters looked at. */
  readonly evaluatedNodes: number;
  readonly state: CycleState;
}

/** The scheduling framework of one profile (Kubernetes' frameworkImpl). */
export interface Framework {
  /**
   * The scheduling cycle: PreFilter, Filter (until enough nodes are feasible, starting where the last cycle
   * stopped), PreScore, Score, NormalizeScore; picks the best node. Throws {@link FitError} when none fits.
   */
  schedule(pod: Pod, nodes: ClusterSnapshot | readonly NodeInfo[]): ScheduleResult;
  /** Runs Reserve; if one throws, the ones that ran are unreserved in reverse and the error is rethrown. */
  reserve(pod: Pod, nodeName: string, state: CycleState): void;
  /** Runs Unreserve of every reserve plugin, in reverse order. */
  unreserve(pod: Pod, nodeName: string, state: CycleState): void;
  /** Runs the bind plugins until one binds; false when none did (the caller's default binder applies). */
  bind(pod: Pod, nodeName: string, state: CycleState): Promise<boolean>;
}

function nameOf(node: NodeInfo): string {
  return node.node.metadata?.name ?? "";
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** Creates a framework over the given plugins. Weights must be positive integers. */
export function createFramework(options: FrameworkOptions): Framework {
  for (const { plugin, weight } of options.scores) {
    if (!Number.isInteger(weight) || weight < 1) {
      throw ApiError.badRequest(`score plugin ${plugin.name}: weight must be an integer >= 1, got ${weight}`);
    }
    if (!plugin.score) throw ApiError.badRequest(`plugin ${plugin.name} has no Score extension point`);
  }
  for (const plugin of options.filters) {
    if (!plugin.filter && !plugin.preFilter) {
      throw ApiError.badRequest(`plugin ${plugin.name} has no PreFilter or Filter extension point`);
    }
  }
  const percentage = options.percentageOfNodesToScore ?? 0;
  if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    throw ApiError.badRequest(`percentageOfNodesToScore must be an integer 0-100, got ${percentage}`);
  }
  const reserves = options.reserves ?? [];
  const binders = options.binders ?? [];
  /** Where the next cycle's filtering starts, so successive pods look at different nodes first. */
  let nextStartIndex = 0;

  const findFeasible = (pod: Pod, snapshot: ClusterSnapshot, state: CycleState) => {
    const all = snapshot.nodes;
    const wanted = numFeasibleNodesToFind(all.length, percentage);
    const feasible: NodeInfo[] = [];
    const reasonsByNode = new Map<string, readonly string[]>();
    let evaluated = 0;
    const start = all.length === 0 ? 0 : nextStartIndex % all.length;
    for (; evaluated < all.length && feasible.length < wanted; evaluated++) {
      const node = all[(start + evaluated) % all.length] as NodeInfo;
      const reasons = firstFailure(options.filters, pod, node, state);
      if (reasons) reasonsByNode.set(nameOf(node), reasons);
      else feasible.push(node);
    }
    nextStartIndex = all.length === 0 ? 0 : (start + evaluated) % all.length;
    return { feasible, reasonsByNode, evaluated };
  };

  return {
    schedule(pod, nodes) {
      const snapshot = isSnapshot(nodes) ? nodes : createSnapshot(nodes);
      const state = new CycleState();
      for (const plugin of options.filters) {
        const reasons = plugin.preFilter?.(pod, snapshot, state);
        if (reasons && reasons.length > 0) {
          throw new FitError(keyOf(pod), snapshot.nodes.length, new Map(), reasons);
        }
      }
      const { feasible, reasonsByNode, evaluated } = findFeasible(pod, snapshot, state);
      if (feasible.length === 0) throw new FitError(keyOf(pod), snapshot.nodes.length, reasonsByNode);
      const result = { feasibleNodes: feasible.length, evaluatedNodes: evaluated, state };
      // One feasible node needs no scoring (as in Kubernetes).
      if (feasible.length === 1) return { ...result, nodeName: nameOf(feasible[0] as NodeInfo), score: 0 };
      const totals = totalScores(options.scores, pod, feasible, snapshot, state);
      let best = 0;
      for (let i = 1; i < feasible.length; i++) {
        if ((totals[i] ?? 0) > (totals[best] ?? 0)) best = i;
      }
      return { ...result, nodeName: nameOf(feasible[best] as NodeInfo), score: totals[best] ?? 0 };
    },
    reserve(pod, nodeName, state) {
      for (let i = 0; i < reserves.length; i++) {
        try {
          reserves[i]?.reserve?.(pod, nodeName, state);
        } catch (error) {
          for (let j = i; j >= 0; j--) reserves[j]?.unreserve?.(pod, nodeName, state);
          throw error;
        }
      }
    },
    unreserve(pod, nodeName, state) {
      for (let i = reserves.length - 1; i >= 0; i--) reserves[i]?.unreserve?.(pod, nodeName, state);
    },
    async bind(pod, nodeName, state) {
      for (const plugin of binders) {
        if (await plugin.bind?.(pod, nodeName, state)) return true;
      }
      return false;
    },
  };
}

function isSnapshot(nodes: ClusterSnapshot | readonly NodeInfo[]): nodes is ClusterSnapshot {
  return !Array.isArray(nodes);
}

/** Like Kubernetes, a node's reasons come from the first filter that rejects it. */
function firstFailure(
  filters: readonly SchedulerPlugin[],
  pod: Pod,
  node: NodeInfo,
  state: CycleState,
): readonly string[] | undefined {
  for (const plugin of filters) {
    const reasons = plugin.filter?.(pod, node, state);
    if (reasons && reasons.length > 0) return reasons;
  }
  return undefined;
}

function totalScores(
  scores: readonly WeightedScorePlugin[],
  pod: Pod,
  nodes: readonly NodeInfo[],
  snapshot: ClusterSnapshot,
  state: CycleState,
): number[] {
  const totals = nodes.map(() => 0);
  for (const { plugin } of scores) plugin.preScore?.(pod, nodes, snapshot, state);
  for (const { plugin, weight } of scores) {
    const score = plugin.score;
    if (!score) continue;
    const raw = nodes.map((node) => score.call(plugin, pod, node, state));
    const normalized = plugin.normalizeScore ? plugin.normalizeScore(raw, state) : raw;
    normalized.forEach((value, i) => {
      totals[i] = (totals[i] ?? 0) + value * weight;
    });
  }
  return totals;
}
