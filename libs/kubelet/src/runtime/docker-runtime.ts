import type { Readable } from "node:stream";
import Docker from "dockerode";
import { type ContainerRecord, recordFromInspect } from "./container-record.js";
import {
  type ContainerSpec,
  containerCreateOptions,
  type SandboxSpec,
  sandboxCreateOptions,
} from "./container-specs.js";
import { type ContainerEvent, watchContainerEvents } from "./docker-events.js";
import { type ImageInfo, importImage, inspectImage, pullImage } from "./docker-images.js";
import {
  type ContainerUsage,
  containerLogs,
  containerUsage,
  type ExecResult,
  execIn,
  type LogOptions,
} from "./docker-observe.js";
import { LABEL } from "./labels.js";
import { dockerStatusCode, RuntimeError } from "./runtime-error.js";

/** Facts about the engine the node reports. */
export interface EngineInfo {
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly serverVersion: string;
  readonly os: string;
  readonly arch: string;
}

/** The kubelet's whole view of Docker: the only module that talks to the engine. */
export interface DockerRuntime {
  ping(): Promise<void>;
  info(): Promise<EngineInfo>;
  hasImage(ref: string): Promise<boolean>;
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  pullImage(ref: string): Promise<void>;
  importImage(rootfsTar: NodeJS.ReadableStream, ref: string, changes?: readonly string[]): Promise<void>;
  /** The containers labelled for `node` (narrowed to one pod by `filter`), with their state. */
  listContainers(node: string, filter?: PodFilter): Promise<ContainerRecord[]>;
  createSandbox(spec: SandboxSpec): Promise<string>;
  createContainer(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), then SIGKILL after `graceSeconds`; a stopped or gone one is fine. */
  stop(id: string, graceSeconds: number): Promise<void>;
  /** Removes a container (killing it if needed); a gone one is fine. */
  remove(id: string): Promise<void>;
  /** The sandbox's IP on the bridge ("" with host networking). */
  sandboxIp(id: string): Promise<string>;
  logs(id: string, options: LogOptions): Promise<Readable>;
  usage(id: string): Promise<ContainerUsage>;
  exec(id: string, command: readonly string[], timeoutMs: number): Promise<ExecResult>;
  /** Start, die, destroy... of the node's containers, until `signal` aborts or the stream breaks. */
  events(node: string, signal: AbortSignal): AsyncIterable<ContainerEvent>;
}

/** Narrows a listing to one pod: by uid, or by namespace and name (every incarnation of the name). */
export interface PodFilter {
  readonly podUid?: string;
  readonly podNamespace?: string;
  readonly podName?: string;
}

export interface DockerRuntimeOptions {
  /** Default /var/run/docker.sock. */
  readonly socketPath?: string;
}

const UNAVAILABLE_HINT =
  "is the Docker Engine running? (start it with `dockerd &` or `systemctl start docker`)";

/** Creates the runtime over the engine at `socketPath`. Nothing is contacted until the first call. */
export function createDockerRuntime(options: DockerRuntimeOptions = {}): DockerRuntime {
  const socketPath = options.socketPath ?? "/var/run/docker.sock";
  if (typeof socketPath !== "string" || socketPath.length === 0) {
    throw new RuntimeError("InvalidArgument", "createDockerRuntime: socketPath must be a non-empty string");
  }
  const docker = new Docker({ socketPath });
  // An exited container never changes again and a running one only by exiting: inspect results are reused
  // while Docker's list shows the same state, so a relist costs one list call.
  const inspected = new Map<string, { state: string; record: ContainerRecord }>();
  const unavailable = (error: unknown, what: string) =>
    RuntimeError.from(error, "DockerUnavailable", `${what} (${socketPath}; ${UNAVAILABLE_HINT})`);

  const create = async (createOptions: Docker.ContainerCreateOptions): Promise<string> => {
    try {
      return (await docker.createContainer(createOptions)).id;
    } catch (error) {
      if (dockerStatusCode(error) !== 409 || !createOptions.name) {
        throw RuntimeError.from(error, "CreateContainerError", `create ${createOptions.name ?? "container"}`);
      }
      // Left by a create whose reply was lost: the name is ours (it carries the pod uid), so replace it.
      await docker.getContainer(createOptions.name).remove({ force: true });
      return (await docker.createContainer(createOptions)).id;
    }
  };

  return {
    async ping() {
      try {
        await docker.ping();
      } catch (error) {
        throw unavailable(error, "cannot reach Docker");
      }
    },
    async info() {
      try {
        const info = await docker.info();
        return {
          cpus: Number(info.NCPU),
          memoryBytes: Number(info.MemTotal),
          serverVersion: String(info.ServerVersion),
          os: String(info.OSType),
          arch: String(info.Architecture),
        };
      } catch (error) {
        throw unavailable(error, "cannot read Docker's info");
      }
    },
    hasImage: async (ref) => (await inspectImage(docker, ref)) !== undefined,
    inspectImage: (ref) => inspectImage(docker, ref),
    pullImage: (ref) => pullImage(docker, ref),
    importImage: (tar, ref, changes) => importImage(docker, tar, ref, changes),
    async listContainers(node, filter = {}) {
      const label = [`${LABEL.node}=${node}`];
      if (filter.podUid) label.push(`${LABEL.podUid}=${filter.podUid}`);
      if (filter.podNamespace) label.push(`${LABEL.podNamespace}=${filter.podNamespace}`);
      if (filter.podName) label.push(`${LABEL.podName}=${filter.podName}`);
      let listed: Docker.ContainerInfo[];
      try {
        listed = await docker.listContainers({ all: true, filters: { label } });
      } catch (error) {
        throw unavailable(error, "cannot list containers");
      }
      const records = await Promise.all(
        listed.map(async (info): Promise<ContainerRecord | undefined> => {
          const cached = inspected.get(info.Id);
          if (cached && cached.state === info.State) return cached.record;
          try {
            const record = recordFromInspect(await docker.getContainer(info.Id).inspect());
            if (record) inspected.set(info.Id, { state: info.State, record });
            return record;
          } catch (error) {
            if (dockerStatusCode(error) === 404) return undefined;
            throw unavailable(error, `cannot inspect ${info.Id}`);
          }
        }),
      );
      if (label.length === 1) {
        const live = new Set(listed.map((info) => info.Id));
        for (const id of inspected.keys()) if (!live.has(id)) inspected.delete(id);
      }
      return records.filter((record): record is ContainerRecord => record !== undefined);
    },
    createSandbox: (spec) => create(sandboxCreateOptions(spec)),
    createContainer: (spec) => create(containerCreateOptions(spec)),
    async start(id) {
      try {
        await docker.getContainer(id).start();
      } catch (error) {
        if (dockerStatusCode(error) === 304) return;
        throw RuntimeError.from(error, "RunContainerError", `start ${id}`);
      }
    },
    async stop(id, graceSeconds) {
      try {
        await docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
      } catch (error) {
        const code = dockerStatusCode(error);
        if (code === 304 || code === 404) return;
        throw unavailable(error, `cannot stop ${id}`);
      }
    },
    async remove(id) {
      inspected.delete(id);
      try {
        await docker.getContainer(id).remove({ force: true, v: true });
      } catch (error) {
        const code = dockerStatusCode(error);
        // 409: a removal already under way.
        if (code === 404 || code === 409) return;
        throw unavailable(error, `cannot remove ${id}`);
      }
    },
    async sandboxIp(id) {
      try {
        const info = await docker.getContainer(id).inspect();
        return info.NetworkSettings.IPAddress ?? "";
      } catch (error) {
        throw RuntimeError.from(
          error,
          dockerStatusCode(error) === 404 ? "NotFound" : "DockerUnavailable",
          `inspect ${id}`,
        );
      }
    },
    logs: (id, logOptions) => containerLogs(docker, id, logOptions),
    usage: (id) => containerUsage(docker, id),
    exec: (id, command, timeoutMs) => execIn(docker, id, command, timeoutMs),
    events: (node, signal) => watchContainerEvents(docker, node, signal),
  };
}
