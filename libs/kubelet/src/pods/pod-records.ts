import type { ContainerRecord } from "../runtime/index.js";

/** A pod's containers as Docker has them, grouped the way the sync and the status need them. */
export interface PodRecords {
  /** The newest sandbox (highest attempt), if any. */
  readonly sandbox: ContainerRecord | undefined;
  readonly sandboxes: readonly ContainerRecord[];
  /** Per container name, newest attempt first. */
  readonly byName: ReadonlyMap<string, readonly ContainerRecord[]>;
  readonly all: readonly ContainerRecord[];
}

/** Groups the records of one pod. */
export function groupRecords(records: readonly ContainerRecord[]): PodRecords {
  const newestFirst = [...records].sort((a, b) => b.identity.attempt - a.identity.attempt);
  const sandboxes = newestFirst.filter((record) => record.identity.kind === "sandbox");
  const byName = new Map<string, ContainerRecord[]>();
  for (const record of newestFirst) {
    if (record.identity.kind === "sandbox") continue;
    const list = byName.get(record.identity.containerName) ?? [];
    list.push(record);
    byName.set(record.identity.containerName, list);
  }
  return { sandbox: sandboxes[0], sandboxes, byName, all: records };
}

/** True while Docker runs (or is about to run) the container. */
export function isRunning(record: ContainerRecord | undefined): boolean {
  return record?.state === "running" || record?.state === "restarting" || record?.state === "paused";
}

/** True once the container has stopped for good (exited, dead, or created but never started). */
export function hasStopped(record: ContainerRecord): boolean {
  return (
    record.state === "exited" ||
    record.state === "dead" ||
    (record.state === "created" && record.error !== "")
  );
}
