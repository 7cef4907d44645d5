import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Taint, TaintSchema } from "@capstan/api";
import type { Readiness } from "./node-health.js";

/** The taint of a node whose kubelet stopped reporting (Ready=Unknown). */
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
/** The taint of a node whose kubelet reports Ready=False. */
export const NOT_READY_TAINT = "node.kubernetes.io/not-ready";
const OURS = new Set([UNREACHABLE_TAINT, NOT_READY_TAINT]);

/** The taint key a readiness calls for, if any. */
export function taintKeyFor(readiness: Readiness): string | undefined {
  if (readiness === "Unknown") return UNREACHABLE_TAINT;
  if (readiness === "False") return NOT_READY_TAINT;
  return undefined;
}

/**
 * The node's taints made to fit its readiness: the NoSchedule taint of its state always (TaintNodesByCondition),
 * the NoExecute taint only when `noExecute` allows it (eviction is rate limited and stopped in a disruption)
 * or it is already there, and none of the other state's. Undefined when nothing changes. `remove` drops
 * the NoExecute taint even for the current state (the whole control plane seems cut off).
 */
export function fitTaints(
  taints: readonly Taint[],
  readiness: Readiness,
  noExecute: "allow" | "keep" | "remove",
  now: number,
): Taint[] | undefined {
  const key = taintKeyFor(readiness);
  const next = taints.filter((taint) => {
    if (!OURS.has(taint.key)) return true;
    if (taint.key !== key) return false;
    return taint.effect !== "NoExecute" || noExecute !== "remove";
  });
  const has = (effect: string) => next.some((taint) => taint.key === key && taint.effect === effect);
  if (key && !has("NoSchedule")) next.push(create(TaintSchema, { key, effect: "NoSchedule" }));
  if (key && noExecute === "allow" && !has("NoExecute")) {
    next.push(create(TaintSchema, { key, effect: "NoExecute", timeAdded: timestampFromMs(now) }));
  }
  const same =
    next.length === taints.length &&
    next.every((taint, i) => taint.key === taints[i]?.key && taint.effect === taints[i]?.effect);
  return same ? undefined : next;
}

/** Whether the node already carries the NoExecute taint of this readiness. */
export function hasNoExecuteTaint(taints: readonly Taint[], readiness: Readiness): boolean {
  const key = taintKeyFor(readiness);
  return key !== undefined && taints.some((taint) => taint.key === key && taint.effect === "NoExecute");
}
