import type { Container, Pod } from "@capstan/api";
import { expandVariables } from "../env/index.js";
import { type ContainerKind, RuntimeError } from "../runtime/index.js";
import { containerLimits, containerUser, identityOf } from "./pod-config.js";
import type { PodSyncContext, PodSyncOutcome } from "./pod-context.js";

/** Where a container is started: its pod's sandbox and what the pod already knows. */
export interface StartTarget {
  readonly sandboxId: string;
  readonly podIP: string;
  /** The pod's volume binds per container name (made lazily, once per sync). */
  binds(): Promise<ReadonlyMap<string, readonly string[]>>;
}

/**
 * Pulls (per policy), creates and starts one container of the pod as attempt `attempt`, recording Events.
 * A failure leaves the container waiting with Kubernetes' reason in `outcome` instead of throwing.
 */
export async function startContainer(
  ctx: PodSyncContext,
  pod: Pod,
  container: Container,
  kind: Exclude<ContainerKind, "sandbox">,
  attempt: number,
  target: StartTarget,
  outcome: PodSyncOutcome,
): Promise<void> {
  try {
    const image = await ctx.images.ensure(pod, container);
    outcome.imageIds.set(container.name, image.imageId);
    const [env, binds] = await Promise.all([
      ctx.hooks.containerEnv(pod, container, target.podIP),
      target.binds(),
    ]);
    const limits = containerLimits(container);
    // Kubernetes expands $(VAR) in command and args with the container's own environment.
    const values = new Map(
      env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
    );
    const expand = (input: string) => expandVariables(input, (name) => values.get(name));
    const id = await ctx.runtime.createContainer({
      identity: identityOf(pod, ctx.settings.nodeName, container.name, kind, attempt, container.image),
      image: image.ref,
      sandboxId: target.sandboxId,
      command: container.command.map(expand),
      args: container.args.map(expand),
      workingDir: container.workingDir,
      env,
      binds: binds.get(container.name) ?? [],
      ...limits,
      user: containerUser(pod, container),
      privileged: container.securityContext?.privileged === true,
      sharePid: pod.spec?.shareProcessNamespace === true,
      extraLabels: ctx.settings.extraLabels,
    });
    outcome.changed = true;
    ctx.events.normal(pod, "Created", `Created container ${container.name}`, container.name);
    await ctx.runtime.start(id);
    ctx.events.normal(pod, "Started", `Started container ${container.name}`, container.name);
  } catch (error) {
    const failure = RuntimeError.from(error, "CreateContainerError", `container ${container.name}`);
    const reason = reasonOf(error) ?? failure.reason;
    outcome.waiting.set(container.name, { reason, message: failure.message });
    if (reason !== "ImagePullBackOff" && reason !== "ErrImagePull") {
      ctx.events.warning(pod, "Failed", `Error: ${failure.message}`, container.name);
    } else if (reason === "ImagePullBackOff") {
      ctx.events.normal(pod, "BackOff", failure.message, container.name);
    }
  }
}

/** The Kubernetes reason an error from the env or volume hooks carries (`reason` field), if any. */
function reasonOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("reason" in error)) return undefined;
  const reason = (error as { reason: unknown }).reason;
  return typeof reason === "string" && reason !== "" ? reason : undefined;
}
