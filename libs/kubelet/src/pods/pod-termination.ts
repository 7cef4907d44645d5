import { connect } from "node:net";
import {
  type Container,
  type IntOrString,
  intOrStringValue,
  type LifecycleHandler,
  type Pod,
} from "@capstan/api";
import type { ContainerRecord } from "../runtime/index.js";
import type { PodSyncContext } from "./pod-context.js";
import { isRunning, type PodRecords } from "./pod-records.js";

/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

/** The grace a pod's containers get: the deletion's own when it is being deleted, else the spec's. */
export function terminationGraceSeconds(pod: Pod | undefined): number {
  const grace = pod?.metadata?.deletionGracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds;
  return grace === undefined ? DEFAULT_GRACE_SECONDS : Math.max(0, Number(grace));
}

/**
 * Stops and removes every container of a pod, as the kubelet kills a pod: each app container runs its
 * preStop hook, then gets SIGTERM and, after what is left of the grace period, SIGKILL; the sandbox goes
 * last. `pod` is undefined for an orphan (its object is gone): then the default grace applies.
 */
export async function killPod(
  ctx: PodSyncContext,
  pod: Pod | undefined,
  records: PodRecords,
  graceSeconds: number,
): Promise<void> {
  const deadline = ctx.now() + graceSeconds * 1000;
  const specs = new Map<string, Container>(
    [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].map((c) => [c.name, c]),
  );
  const apps = records.all.filter((record) => record.identity.kind !== "sandbox");
  await Promise.all(
    apps.map(async (record) => {
      if (!isRunning(record)) return;
      const container = specs.get(record.identity.containerName);
      if (pod)
        ctx.events.normal(
          pod,
          "Killing",
          `Stopping container ${record.identity.containerName}`,
          container?.name,
        );
      const preStop = container?.lifecycle?.preStop;
      if (container && preStop && graceSeconds > 0)
        await runPreStop(ctx, record, container, preStop, deadline);
      await ctx.runtime.stop(record.id, Math.max(0, (deadline - ctx.now()) / 1000));
    }),
  );
  await Promise.all(records.sandboxes.map((record) => ctx.runtime.stop(record.id, 0)));
  await Promise.all(records.all.map((record) => ctx.runtime.remove(record.id)));
}

/** Runs a preStop hook, bounded by the grace period; its failure is logged by the caller's events only. */
async function runPreStop(
  ctx: PodSyncContext,
  record: ContainerRecord,
  container: Container,
  hook: LifecycleHandler,
  deadline: number,
): Promise<void> {
  const budgetMs = Math.max(0, deadline - ctx.now());
  // A named port is one of the container's ports.
  const port = (value: IntOrString | undefined) => {
    const resolved = value ? intOrStringValue(value) : 0;
    if (typeof resolved === "number") return resolved;
    return container.ports.find((candidate) => candidate.name === resolved)?.containerPort ?? 0;
  };
  try {
    if (hook.exec?.command.length) {
      await ctx.runtime.exec(record.id, hook.exec.command, budgetMs);
    } else if (hook.httpGet) {
      const host = hook.httpGet.host || "127.0.0.1";
      const target = `${(hook.httpGet.scheme || "HTTP").toLowerCase()}://${host}:${port(hook.httpGet.port)}${hook.httpGet.path || "/"}`;
      await fetch(target, { signal: AbortSignal.timeout(budgetMs) }).then((response) =>
        response.body?.cancel(),
      );
    } else if (hook.tcpSocket) {
      await new Promise<void>((resolve) => {
        const socket = connect(port(hook.tcpSocket?.port), hook.tcpSocket?.host || "127.0.0.1", () =>
          socket.end(),
        );
        socket.setTimeout(budgetMs, () => socket.destroy());
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
    } else if (hook.sleep) {
      const ms = Math.min(budgetMs, Number(hook.sleep.seconds) * 1000);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  } catch {
    // A failed preStop hook does not stop the kill (Kubernetes records FailedPreStopHook and goes on).
  }
}
