import type { Container, Pod } from "@capstan/api";
import type { ContainerRecord } from "../runtime/index.js";
import { type StartTarget, startContainer } from "./container-start.js";
import { identityOf, podDns, podPorts, refusalOf } from "./pod-config.js";
import { newOutcome, type PodSyncContext, type PodSyncOutcome, requeueWithin } from "./pod-context.js";
import { hasStopped, isRunning, type PodRecords } from "./pod-records.js";
import { terminationGraceSeconds } from "./pod-termination.js";

/** Retry delay after a failure that has no back-off of its own (a missing configMap, a failed mount). */
const RETRY_MS = 5_000;

/**
 * Brings one live pod's containers toward its spec, level-triggered: from what Docker runs now, it starts
 * the sandbox if needed, runs init containers in order to completion, starts app containers, restarts exited
 * ones per restartPolicy with CrashLoopBackOff, and restarts those whose liveness failed. Idempotent.
 */
export async function syncPod(ctx: PodSyncContext, pod: Pod, records: PodRecords): Promise<PodSyncOutcome> {
  const outcome = newOutcome();
  const refusal = refusalOf(pod, ctx.settings);
  if (refusal) {
    outcome.rejected = refusal;
    return outcome;
  }
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed" || podIsDone(pod, records)) {
    await stopPodContainers(ctx, pod, records, outcome);
    return outcome;
  }
  const sandbox = await ensureSandbox(ctx, pod, records, outcome);
  if (!sandbox) return outcome;
  outcome.podIP = pod.spec?.hostNetwork ? ctx.hostIP : await ctx.runtime.sandboxIp(sandbox.id);
  let binds: Promise<ReadonlyMap<string, readonly string[]>> | undefined;
  const target: StartTarget = {
    sandboxId: sandbox.id,
    podIP: outcome.podIP,
    binds: () => {
      binds ??= ctx.hooks.prepareVolumes(pod);
      return binds;
    },
  };
  if (!(await runInitContainers(ctx, pod, records, sandbox, target, outcome))) return outcome;
  await Promise.all(
    (pod.spec?.containers ?? []).map((container) =>
      syncAppContainer(ctx, pod, records, sandbox, container, target, outcome),
    ),
  );
  await removeOldInstances(ctx, records);
  return outcome;
}

/** The running sandbox, starting a new one (after stopping containers left in a dead one) when needed. */
async function ensureSandbox(
  ctx: PodSyncContext,
  pod: Pod,
  records: PodRecords,
  outcome: PodSyncOutcome,
): Promise<{ id: string; startedAt: number } | undefined> {
  const current = records.sandbox;
  if (current && isRunning(current)) return { id: current.id, startedAt: current.startedAt?.getTime() ?? 0 };
  // Containers joined to a dead sandbox are left with only a loopback: stop them, they restart in the new one.
  const stranded = records.all.filter((record) => record.identity.kind !== "sandbox" && isRunning(record));
  await Promise.all(stranded.map((record) => ctx.runtime.stop(record.id, terminationGraceSeconds(pod))));
  try {
    await ctx.hooks.prepareVolumes(pod);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.events.warning(pod, "FailedMount", message);
    for (const container of pod.spec?.containers ?? []) {
      outcome.waiting.set(container.name, { reason: "ContainerCreating", message });
    }
    requeueWithin(outcome, RETRY_MS);
    return undefined;
  }
  const attempt = current ? current.identity.attempt + 1 : 0;
  if (current)
    ctx.events.normal(pod, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
  const id = await ctx.runtime.createSandbox({
    identity: identityOf(pod, ctx.settings.nodeName, "", "sandbox", attempt, ctx.sandboxImage),
    image: ctx.sandboxImage,
    hostname: pod.spec?.hostname || (pod.metadata?.name ?? "").slice(0, 63),
    hostNetwork: pod.spec?.hostNetwork === true,
    ports: podPorts(pod),
    ...optionalDns(pod, ctx),
    extraLabels: ctx.settings.extraLabels,
  });
  await ctx.runtime.start(id);
  outcome.changed = true;
  return { id, startedAt: ctx.now() };
}

function optionalDns(pod: Pod, ctx: PodSyncContext) {
  const dns = podDns(pod, ctx.settings);
  return dns ? { dns } : {};
}

/** Runs init containers one at a time; true once all have succeeded. */
async function runInitContainers(
  ctx: PodSyncContext,
  pod: Pod,
  records: PodRecords,
  sandbox: { id: string; startedAt: number },
  target: StartTarget,
  outcome: PodSyncOutcome,
): Promise<boolean> {
  for (const container of pod.spec?.initContainers ?? []) {
    const latest = records.byName.get(container.name)?.[0];
    if (latest && hasStopped(latest) && latest.exitCode === 0 && latest.state === "exited") continue;
    if (latest && isRunning(latest) && !isStale(latest, sandbox)) return false;
    if (!latest) {
      await startContainer(ctx, pod, container, "init", 0, target, outcome);
      return false;
    }
    if (pod.spec?.restartPolicy === "Never") return false;
    await restartWithBackoff(ctx, pod, container, "init", latest, target, outcome);
    return false;
  }
  return true;
}

/** Starts, restarts or leaves one app container. */
async function syncAppContainer(
  ctx: PodSyncContext,
  pod: Pod,
  records: PodRecords,
  sandbox: { id: string; startedAt: number },
  container: Container,
  target: StartTarget,
  outcome: PodSyncOutcome,
): Promise<void> {
  const latest = records.byName.get(container.name)?.[0];
  if (!latest) {
    await startContainer(ctx, pod, container, "app", 0, target, outcome);
    return;
  }
  if (isRunning(latest)) {
    const verdict = ctx.probes.of(latest.id, container);
    const stale = isStale(latest, sandbox);
    if (!verdict.unhealthy && !stale) return;
    if (verdict.unhealthy) {
      ctx.events.warning(pod, "Unhealthy", verdict.unhealthy, container.name);
      ctx.events.normal(
        pod,
        "Killing",
        `Container ${container.name} failed its probe, will be restarted`,
        container.name,
      );
    }
    await ctx.runtime.stop(latest.id, terminationGraceSeconds(pod));
    outcome.changed = true;
    const stopped = (
      await ctx.runtime.listContainers(ctx.settings.nodeName, { podUid: latest.identity.podUid })
    ).find((record) => record.id === latest.id);
    if (!stopped || !shouldRestart(pod, stopped)) return;
    await restartWithBackoff(ctx, pod, container, "app", stopped, target, outcome);
    return;
  }
  if (!hasStopped(latest) || !shouldRestart(pod, latest)) return;
  await restartWithBackoff(ctx, pod, container, "app", latest, target, outcome);
}

/** Restarts an exited container as the next attempt, unless its CrashLoopBackOff still runs. */
async function restartWithBackoff(
  ctx: PodSyncContext,
  pod: Pod,
  container: Container,
  kind: "init" | "app",
  latest: ContainerRecord,
  target: StartTarget,
  outcome: PodSyncOutcome,
): Promise<void> {
  const key = `${latest.identity.podUid}/${container.name}`;
  const failedAt = (latest.finishedAt ?? latest.createdAt).getTime();
  const wait = ctx.crashBackoff.remaining(key, failedAt, ctx.now());
  if (wait > 0) {
    const delay = Math.round(ctx.crashBackoff.delayOf(key) / 1000);
    const message = `back-off ${delay}s restarting failed container=${container.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${latest.identity.podUid})`;
    outcome.waiting.set(container.name, { reason: "CrashLoopBackOff", message });
    ctx.events.warning(pod, "BackOff", "Back-off restarting failed container", container.name);
    requeueWithin(outcome, wait);
    return;
  }
  ctx.crashBackoff.next(key, failedAt);
  await startContainer(ctx, pod, container, kind, latest.identity.attempt + 1, target, outcome);
  if (outcome.waiting.has(container.name)) requeueWithin(outcome, RETRY_MS);
}

/** A container started before its sandbox was: it lives in a dead network namespace. */
function isStale(record: ContainerRecord, sandbox: { startedAt: number }): boolean {
  return (record.startedAt?.getTime() ?? 0) + 1000 < sandbox.startedAt;
}

/** Kubernetes' restart rule: Always restarts any exit, OnFailure a non-zero one, Never none. */
export function shouldRestart(pod: Pod, record: ContainerRecord): boolean {
  const policy = pod.spec?.restartPolicy || "Always";
  if (policy === "Always") return true;
  if (policy === "OnFailure") return record.exitCode !== 0 || record.state !== "exited";
  return false;
}

/** A pod whose containers have all stopped for good (or whose init container failed under Never). */
export function podIsDone(pod: Pod, records: PodRecords): boolean {
  const policy = pod.spec?.restartPolicy || "Always";
  if (policy === "Always") return false;
  if (policy === "Never") {
    const initFailed = (pod.spec?.initContainers ?? []).some((container) => {
      const latest = records.byName.get(container.name)?.[0];
      return latest !== undefined && hasStopped(latest) && latest.exitCode !== 0;
    });
    if (initFailed) return true;
  }
  const containers = pod.spec?.containers ?? [];
  return (
    containers.length > 0 &&
    containers.every((container) => {
      const latest = records.byName.get(container.name)?.[0];
      return latest !== undefined && hasStopped(latest) && !shouldRestart(pod, latest);
    })
  );
}

/** Stops whatever of a finished pod still runs (its sandbox included). */
async function stopPodContainers(
  ctx: PodSyncContext,
  pod: Pod,
  records: PodRecords,
  outcome: PodSyncOutcome,
) {
  const running = records.all.filter((record) => isRunning(record));
  if (running.length === 0) return;
  await Promise.all(running.map((record) => ctx.runtime.stop(record.id, terminationGraceSeconds(pod))));
  outcome.changed = true;
}

/** Keeps the newest two instances of each container (the current one and the one `logs --previous` reads). */
async function removeOldInstances(ctx: PodSyncContext, records: PodRecords): Promise<void> {
  const old = [...records.byName.values()].flatMap((instances) => instances.slice(2));
  const oldSandboxes = records.sandboxes.slice(1).filter((record) => !isRunning(record));
  await Promise.all([...old, ...oldSandboxes].map((record) => ctx.runtime.remove(record.id)));
}
