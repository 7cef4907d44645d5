import { type DaemonSet, intOrString, type Node, type Pod } from "@capstan/api";
import { scaledValue } from "../deployment/rolling-math.js";
import { createdMs, isPodAvailable, isPodReady } from "../shared/pod-state.js";
import { REVISION_HASH_LABEL, targetNodeOf, templatePod } from "./daemon-pod.js";
import { eligibility } from "./node-eligibility.js";

/** The status numbers of a DaemonSet, as Kubernetes counts them. */
export interface DaemonSetNumbers {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  numberAvailable: number;
  numberUnavailable: number;
  updatedNumberScheduled: number;
}

/** What one sync of a DaemonSet is to do. */
export interface DaemonSetPlan {
  /** Nodes that get a new pod. */
  readonly createOn: readonly string[];
  readonly delete: readonly Pod[];
  readonly numbers: DaemonSetNumbers;
}

const isLive = (pod: Pod) => pod.metadata?.deletionTimestamp === undefined;
const byAge = (a: Pod, b: Pod) => createdMs(a.metadata) - createdMs(b.metadata);

/**
 * Kubernetes' DaemonSet manage + rolling update, decided from the set, the nodes and its pods: one pod on
 * every node it should run on, none elsewhere (failed pods and extra pods deleted, pods for vanished nodes
 * too); with RollingUpdate, pods of an older template are deleted (unavailable ones first) while no more
 * than maxUnavailable (default 1, a percentage of the desired number rounded up) nodes lack an available
 * pod; the next sync creates their replacements.
 */
export function planDaemonSet(
  daemonSet: DaemonSet,
  nodes: readonly Node[],
  pods: readonly Pod[],
  hash: string,
  now: number,
): DaemonSetPlan {
  const template = templatePod(daemonSet);
  const minReadySeconds = daemonSet.spec?.minReadySeconds ?? 0;
  const byNode = new Map<string, Pod[]>();
  const remove: Pod[] = [];
  for (const pod of pods.filter(isLive)) {
    const target = targetNodeOf(pod);
    const list = target === undefined ? undefined : byNode.get(target);
    if (target === undefined) remove.push(pod);
    else if (list) list.push(pod);
    else byNode.set(target, [pod]);
  }
  const known = new Set(nodes.map((node) => node.metadata?.name ?? ""));
  for (const [target, stray] of byNode) if (!known.has(target)) remove.push(...stray);

  const createOn: string[] = [];
  const kept: { pod: Pod; available: boolean }[] = [];
  const numbers: DaemonSetNumbers = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
    updatedNumberScheduled: 0,
  };
  let unavailable = 0;
  for (const node of nodes) {
    const name = node.metadata?.name ?? "";
    const { shouldRun, shouldContinueRunning } = eligibility(template, node);
    const here = (byNode.get(name) ?? []).sort(byAge);
    const failed = here.filter((pod) => pod.status?.phase === "Failed");
    const running = here.filter((pod) => pod.status?.phase !== "Failed");
    remove.push(...failed);
    if (!shouldContinueRunning) remove.push(...running);
    else remove.push(...running.slice(1));
    const pod = shouldContinueRunning ? running[0] : undefined;
    if (shouldRun && running.length === 0) createOn.push(name);
    if (!shouldRun) {
      if (running.length > 0) numbers.numberMisscheduled++;
      continue;
    }
    numbers.desiredNumberScheduled++;
    const available = pod !== undefined && isPodAvailable(pod, minReadySeconds, now);
    if (!available) unavailable++;
    if (!pod) continue;
    kept.push({ pod, available });
    numbers.currentNumberScheduled++;
    if (isPodReady(pod)) numbers.numberReady++;
    if (available) numbers.numberAvailable++;
    if (pod.metadata?.labels[REVISION_HASH_LABEL] === hash) numbers.updatedNumberScheduled++;
  }
  numbers.numberUnavailable = numbers.desiredNumberScheduled - numbers.numberAvailable;
  if (daemonSet.spec?.updateStrategy?.type !== "OnDelete") {
    const maxUnavailable = Math.max(
      1,
      scaledValue(
        daemonSet.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? intOrString(1),
        numbers.desiredNumberScheduled,
        true,
      ),
    );
    const old = kept
      .filter(({ pod }) => pod.metadata?.labels[REVISION_HASH_LABEL] !== hash)
      .sort((a, b) => Number(a.available) - Number(b.available));
    for (const { pod, available } of old) {
      if (available && unavailable >= maxUnavailable) break;
      remove.push(pod);
      if (available) unavailable++;
    }
  }
  return { createOn, delete: remove, numbers };
}
