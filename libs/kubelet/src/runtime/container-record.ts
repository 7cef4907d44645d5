import type Docker from "dockerode";
import { type ContainerIdentity, identityFrom } from "./labels.js";

/** Docker's container states. */
export type ContainerState = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

/** One container of the node as Docker reports it, with the identity its labels give. */
export interface ContainerRecord {
  readonly id: string;
  readonly identity: ContainerIdentity;
  readonly state: ContainerState;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** Docker's error when the container could not start (e.g. the command is missing). */
  readonly error: string;
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  /** `sha256:...` of the image it runs. */
  readonly imageId: string;
}

// Docker reports "never" as year 1.
function dateOrUndefined(value: string | undefined): Date | undefined {
  if (!value || value.startsWith("0001-")) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const STATES = new Set<string>(["created", "running", "paused", "restarting", "removing", "exited", "dead"]);

/** A record from `docker inspect`; undefined for a container without the kubelet's labels. */
export function recordFromInspect(info: Docker.ContainerInspectInfo): ContainerRecord | undefined {
  const identity = identityFrom(info.Config?.Labels);
  if (!identity) return undefined;
  const status = info.State?.Status ?? "dead";
  const startedAt = dateOrUndefined(info.State?.StartedAt);
  const finishedAt = dateOrUndefined(info.State?.FinishedAt);
  return {
    id: info.Id,
    identity,
    state: (STATES.has(status) ? status : "dead") as ContainerState,
    exitCode: info.State?.ExitCode ?? 0,
    oomKilled: info.State?.OOMKilled === true,
    error: info.State?.Error ?? "",
    createdAt: dateOrUndefined(info.Created) ?? new Date(0),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    imageId: info.Image,
  };
}
