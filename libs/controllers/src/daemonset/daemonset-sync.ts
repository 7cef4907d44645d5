import { clone, create, equals } from "@bufbuild/protobuf";
import {
  type DaemonSet,
  DaemonSetSchema,
  type DaemonSetService,
  DaemonSetStatusSchema,
  type Node,
  type Pod,
  type PodService,
} from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { type Clock, type GrpcClient, keyOf, type Lister, type ReconcileResult } from "@capstan/client";
import type { ControllerEventRecorder } from "../context.js";
import { isControlledBy } from "../shared/controller-ref.js";
import type { Expectations } from "../shared/expectations.js";
import { podTemplateHash } from "../shared/pod-template-hash.js";
import { slowStartBatch } from "../shared/slow-start.js";
import { daemonPodFor } from "./daemon-pod.js";
import { type DaemonSetNumbers, planDaemonSet } from "./daemonset-plan.js";

/** What a DaemonSet sync reads and writes. */
export interface DaemonSetSyncDeps {
  readonly daemonSets: Lister<DaemonSet>;
  readonly nodes: Lister<Node>;
  readonly pods: Lister<Pod>;
  readonly daemonSetClient: GrpcClient<typeof DaemonSetService>;
  readonly podClient: GrpcClient<typeof PodService>;
  readonly expectations: Expectations;
  readonly events: ControllerEventRecorder;
  readonly clock: Clock;
}

/** How soon to look again while ready pods wait out minReadySeconds. */
const AVAILABILITY_RECHECK_MS = 1_000;

/**
 * One pass over a DaemonSet: unless earlier writes are still unseen, create and delete what the plan says
 * (creations in slow-start batches), then write the status numbers and observedGeneration when they changed.
 */
export async function syncDaemonSet(
  key: string,
  deps: DaemonSetSyncDeps,
): Promise<ReconcileResult | undefined> {
  const daemonSet = deps.daemonSets.get(key);
  const meta = daemonSet?.metadata;
  if (!daemonSet || !meta) {
    deps.expectations.delete(key);
    return undefined;
  }
  if (meta.deletionTimestamp) return undefined;
  const hash = podTemplateHash(daemonSet.spec?.template, daemonSet.status?.collisionCount);
  const pods = deps.pods
    .list({ namespace: meta.namespace })
    .filter((pod) => isControlledBy(pod.metadata, meta.uid));
  const plan = planDaemonSet(daemonSet, deps.nodes.list(), pods, hash, deps.clock.now());
  if (deps.expectations.satisfied(key)) {
    deps.expectations.expect(key, plan.createOn.length, plan.delete.map(keyOf));
    await deletePods(key, plan.delete, deps);
    await createPods(key, daemonSet, plan.createOn, hash, deps);
  }
  await writeStatus(daemonSet, plan.numbers, deps);
  // Ready pods become available only after minReadySeconds: no event says when, so look again.
  const maturing = plan.numbers.numberReady > plan.numbers.numberAvailable;
  return maturing ? { requeueAfter: AVAILABILITY_RECHECK_MS } : undefined;
}

async function deletePods(key: string, pods: readonly Pod[], deps: DaemonSetSyncDeps) {
  for (const pod of pods) {
    const { namespace = "", name = "", uid } = pod.metadata ?? {};
    try {
      await deps.podClient.delete({ namespace, name, options: { preconditions: { uid } } });
    } catch (error) {
      deps.expectations.deletionObserved(key, keyOf(pod));
      if (!ApiError.is(error, "NotFound") && !ApiError.is(error, "Conflict")) throw error;
    }
  }
}

async function createPods(
  key: string,
  daemonSet: DaemonSet,
  nodes: readonly string[],
  hash: string,
  deps: DaemonSetSyncDeps,
) {
  const result = await slowStartBatch(nodes.length, 1, async (index) => {
    const pod = await deps.podClient.create(daemonPodFor(daemonSet, nodes[index] ?? "", hash));
    deps.events.event(daemonSet, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata?.name ?? ""}`);
  });
  deps.expectations.creationObserved(key, nodes.length - result.succeeded);
  if (result.error !== undefined) {
    deps.events.event(daemonSet, "Warning", "FailedCreate", `Error creating: ${String(result.error)}`);
    throw result.error;
  }
}

async function writeStatus(daemonSet: DaemonSet, numbers: DaemonSetNumbers, deps: DaemonSetSyncDeps) {
  const status = create(DaemonSetStatusSchema, {
    ...numbers,
    observedGeneration: daemonSet.metadata?.generation ?? 0n,
    collisionCount: daemonSet.status?.collisionCount,
    conditions: daemonSet.status?.conditions ?? [],
  });
  if (daemonSet.status && equals(DaemonSetStatusSchema, status, daemonSet.status)) return;
  const next = clone(DaemonSetSchema, daemonSet);
  next.status = status;
  await deps.daemonSetClient.updateStatus(next);
}
