import type Docker from "dockerode";
import { type ContainerIdentity, identityFrom, LABEL } from "./labels.js";
import { RuntimeError } from "./runtime-error.js";

/** A change to one of the node's containers. */
export interface ContainerEvent {
  readonly id: string;
  /** Docker's action: create, start, die, destroy, oom... */
  readonly action: string;
  readonly identity: ContainerIdentity;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * Docker's event stream for the node's containers. Ends when `signal` aborts; throws when the stream breaks,
 * so the caller relists and watches again (events during the gap are missed, the relist covers them).
 */
export async function* watchContainerEvents(
  docker: Docker,
  node: string,
  signal: AbortSignal,
): AsyncIterable<ContainerEvent> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getEvents({
      filters: { type: ["container"], label: [`${LABEL.node}=${node}`] },
      abortSignal: signal,
    } as Docker.GetEventsOptions);
  } catch (error) {
    if (signal.aborted) return;
    throw RuntimeError.from(error, "DockerUnavailable", "cannot watch Docker events");
  }
  const destroy = () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  signal.addEventListener("abort", destroy, { once: true });
  let pending = "";
  try {
    for await (const chunk of stream) {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        const raw = JSON.parse(line) as RawEvent;
        const identity = identityFrom(raw.Actor?.Attributes);
        if (raw.Type !== "container" || !raw.Actor?.ID || !raw.Action || !identity) continue;
        yield { id: raw.Actor.ID, action: raw.Action, identity };
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw RuntimeError.from(error, "DockerUnavailable", "Docker event stream broke");
  } finally {
    signal.removeEventListener("abort", destroy);
  }
  if (!signal.aborted) throw new RuntimeError("DockerUnavailable", "Docker event stream ended");
}
