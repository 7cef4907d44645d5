import type { Pod } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { FitError } from "./fit-error.js";
import type { FilterPlugin, NodeInfo, ScorePlugin } from "./types.js";

/** A score plugin and how much its 0-100 score counts in the total. */
export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugins a framework runs, in order. */
export interface FrameworkOptions {
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly WeightedScorePlugin[];
}

/** The node chosen for a pod and its total score. */
export interface ScheduleResult {
  readonly nodeName: string;
  readonly score: number;
  /** How many nodes passed every filter. */
  readonly feasibleNodes: number;
}

/** Runs filters then scores over a snapshot of nodes and picks one (Kubernetes' scheduling cycle). */
export interface Framework {
  /** The chosen node; throws {@link FitError} when no node passes every filter. */
  schedule(pod: Pod, nodes: readonly NodeInfo[]): ScheduleResult;
}

function nameOf(node: NodeInfo): string {
  return node.node.metadata?.name ?? "";
}

/** Creates a framework over the given plugins. Weights must be positive integers. */
export function createFramework(options: FrameworkOptions): Framework {
  for (const { plugin, weight } of options.scores) {
    if (!Number.isInteger(weight) || weight < 1) {
      throw ApiError.badRequest(`score plugin ${plugin.name}: weight must be an integer >= 1, got ${weight}`);
    }
  }
  return {
    schedule(pod, nodes) {
      const feasible: NodeInfo[] = [];
      const reasonsByNode = new Map<string, readonly string[]>();
      for (const node of nodes) {
        const reasons = firstFailure(options.filters, pod, node);
        if (reasons) reasonsByNode.set(nameOf(node), reasons);
        else feasible.push(node);
      }
      if (feasible.length === 0) {
        const key = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
        throw new FitError(key, nodes.length, reasonsByNode);
      }
      const totals = totalScores(options.scores, pod, feasible);
      let best = 0;
      for (let i = 1; i < feasible.length; i++) {
        if ((totals[i] ?? 0) > (totals[best] ?? 0)) best = i;
      }
      return {
        nodeName: nameOf(feasible[best] as NodeInfo),
        score: totals[best] ?? 0,
        feasibleNodes: feasible.length,
      };
    },
  };
}

/** Like Kubernetes, a node's reasons come from the first filter that rejects it. */
function firstFailure(
  filters: readonly FilterPlugin[],
  pod: Pod,
  node: NodeInfo,
): readonly string[] | undefined {
  for (const filter of filters) {
    const reasons = filter.filter(pod, node);
    if (reasons && reasons.length > 0) return reasons;
  }
  return undefined;
}

function totalScores(scores: readonly WeightedScorePlugin[], pod: Pod, nodes: readonly NodeInfo[]): number[] {
  const totals = nodes.map(() => 0);
  for (const { plugin, weight } of scores) {
    const raw = nodes.map((node) => plugin.score(pod, node));
    const normalized = plugin.normalize ? plugin.normalize(raw) : raw;
    normalized.forEach((score, i) => {
      totals[i] = (totals[i] ?? 0) + score * weight;
    });
  }
  return totals;
}
