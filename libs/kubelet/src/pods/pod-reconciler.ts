import { create } from "@bufbuild/protobuf";
import { ObjectMetaSchema, type Pod, PodSchema } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { Lister, Reconciler } from "@capstan/client";
import type { ContainerRecord } from "../runtime/index.js";
import { computePodStatus, statusChanged } from "../status/pod-status.js";
import type { PodSyncContext } from "./pod-context.js";
import { groupRecords, isRunning } from "./pod-records.js";
import { syncPod } from "./pod-sync.js";
import { killPod, terminationGraceSeconds } from "./pod-termination.js";

/** Kubernetes' grace for containers whose pod object is gone (the kubelet's minimum). */
const ORPHAN_GRACE_SECONDS = 2;

/** The apiserver writes a pod worker makes. */
export interface PodWriter {
  updateStatus(pod: Pod): Promise<void>;
  /** Deletes the pod object at once (grace 0), only if it still has this uid. */
  deleteNow(namespace: string, name: string, uid: string): Promise<void>;
}

/**
 * The pod worker's reconcile, keyed `namespace/name`: removes containers of other incarnations of the name
 * (a pod that was deleted and created again), finishes a deletion (kill, then delete the object with grace
 * 0), or syncs a live pod and writes its status when it changed.
 */
export function createPodReconciler(ctx: PodSyncContext, pods: Lister<Pod>, writer: PodWriter): Reconciler {
  return async (key) => {
    const slash = key.indexOf("/");
    const podNamespace = key.slice(0, slash);
    const podName = key.slice(slash + 1);
    const pod = pods.get(key);
    const uid = pod?.metadata?.uid ?? "";
    const all = await ctx.runtime.listContainers(ctx.settings.nodeName, { podNamespace, podName });
    const mine: ContainerRecord[] = [];
    const orphans = new Map<string, ContainerRecord[]>();
    for (const record of all) {
      if (record.identity.podUid === uid) mine.push(record);
      else orphans.set(record.identity.podUid, [...(orphans.get(record.identity.podUid) ?? []), record]);
    }
    await Promise.all(
      [...orphans].map(async ([orphanUid, records]) => {
        await killPod(ctx, undefined, groupRecords(records), ORPHAN_GRACE_SECONDS);
        await forgetPod(ctx, orphanUid);
      }),
    );
    if (!pod) return;
    if (pod.metadata?.deletionTimestamp) {
      await killPod(ctx, pod, groupRecords(mine), terminationGraceSeconds(pod));
      await forgetPod(ctx, uid);
      await writer.deleteNow(podNamespace, podName, uid);
      return;
    }
    let records = groupRecords(mine);
    const outcome = await syncPod(ctx, pod, records);
    if (outcome.changed) {
      records = groupRecords(await ctx.runtime.listContainers(ctx.settings.nodeName, { podUid: uid }));
    }
    watchProbes(ctx, pod, records.all, outcome.podIP);
    const status = computePodStatus({
      pod,
      records,
      outcome,
      verdict: (record, name) => {
        const container = pod.spec?.containers.find((candidate) => candidate.name === name);
        return container ? ctx.probes.of(record.id, container) : { started: true, ready: true };
      },
      hostIP: ctx.hostIP,
      now: new Date(ctx.now()),
    });
    if (statusChanged(pod, status)) {
      // No resourceVersion: the kubelet owns pod status, so the write is unconditional (as its status manager's).
      const metadata = create(ObjectMetaSchema, { name: podName, namespace: podNamespace, uid });
      await writer.updateStatus(create(PodSchema, { metadata, spec: pod.spec, status }));
    }
    return outcome.requeueAfterMs === undefined ? undefined : { requeueAfter: outcome.requeueAfterMs };
  };
}

/** Starts probe workers for the pod's running app containers and stops those of containers that are gone. */
function watchProbes(
  ctx: PodSyncContext,
  pod: Pod,
  records: readonly ContainerRecord[],
  podIP: string,
): void {
  const uid = pod.metadata?.uid ?? "";
  const running = new Set<string>();
  for (const record of records) {
    if (record.identity.kind !== "app" || !isRunning(record)) continue;
    const container = pod.spec?.containers.find(
      (candidate) => candidate.name === record.identity.containerName,
    );
    if (!container) continue;
    running.add(record.id);
    const target = {
      podIP,
      ports: container.ports,
      exec: (command: string[], timeoutMs: number) => ctx.runtime.exec(record.id, command, timeoutMs),
    };
    ctx.probes.ensure(uid, record.id, container, target, (record.startedAt ?? record.createdAt).getTime());
  }
  ctx.probes.retain(uid, running);
}

async function forgetPod(ctx: PodSyncContext, uid: string): Promise<void> {
  ctx.probes.retain(uid, new Set());
  ctx.crashBackoff.forget(`${uid}/`);
  ctx.images.forget(uid);
  await ctx.hooks.cleanupVolumes(uid);
}

/** A writer that tolerates a pod deleted meanwhile (404) and a uid that changed (409). */
export function tolerateGone(error: unknown): void {
  if (ApiError.is(error) && (error.httpCode === 404 || error.httpCode === 409)) return;
  throw error;
}
