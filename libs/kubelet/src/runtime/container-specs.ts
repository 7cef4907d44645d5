import type Docker from "dockerode";
import { type ContainerIdentity, dockerName, labelsFor } from "./labels.js";

/** A port the pod publishes on the node (set on the sandbox: joined containers cannot publish). */
export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: "TCP" | "UDP" | "SCTP";
  readonly hostIP?: string;
}

/** The pod's resolver: undefined means the node's own (dnsPolicy Default). */
export interface PodDns {
  readonly servers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/** The sandbox: holds the pod's network, IPC and UTS namespaces and does nothing else. */
export interface SandboxSpec {
  readonly identity: ContainerIdentity;
  readonly image: string;
  readonly hostname: string;
  readonly hostNetwork: boolean;
  readonly ports: readonly PortMapping[];
  readonly dns?: PodDns;
  readonly extraLabels?: Record<string, string>;
}

/** One app or init container, joined to its pod's sandbox. */
export interface ContainerSpec {
  readonly identity: ContainerIdentity;
  /** The image to run (normalized reference, already present). */
  readonly image: string;
  readonly sandboxId: string;
  /** Kubernetes `command` (Docker's entrypoint) and `args` (Docker's cmd); empty keeps the image's. */
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly workingDir?: string;
  /** `NAME=value` entries. */
  readonly env: readonly string[];
  /** `hostPath:containerPath[:ro]`. */
  readonly binds: readonly string[];
  /** CPU limit in billionths of a CPU; 0 for none. */
  readonly nanoCpus: number;
  /** Memory limit in bytes; 0 for none. */
  readonly memoryBytes: number;
  /** `uid` or `uid:gid`; empty for the image's user. */
  readonly user?: string;
  readonly privileged?: boolean;
  /** Share the sandbox's PID namespace (`shareProcessNamespace`). */
  readonly sharePid?: boolean;
  readonly extraLabels?: Record<string, string>;
}

/** Docker's create options for a sandbox. */
export function sandboxCreateOptions(spec: SandboxSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of spec.ports) {
    const key = `${port.containerPort}/${port.protocol.toLowerCase()}`;
    exposed[key] = {};
    if (port.hostPort > 0) {
      const list = bindings[key] ?? [];
      list.push({ HostIp: port.hostIP ?? "", HostPort: String(port.hostPort) });
      bindings[key] = list;
    }
  }
  return {
    name: dockerName(spec.identity),
    Image: spec.image,
    // Docker refuses a hostname with host networking: the pod then has the node's.
    ...(spec.hostNetwork ? {} : { Hostname: spec.hostname }),
    Labels: labelsFor(spec.identity, spec.extraLabels),
    ExposedPorts: exposed,
    HostConfig: {
      NetworkMode: spec.hostNetwork ? "host" : "bridge",
      PortBindings: bindings,
      // Shareable, so the app containers can join the pod's IPC namespace.
      IpcMode: "shareable",
      ...(spec.dns
        ? { Dns: [...spec.dns.servers], DnsSearch: [...spec.dns.searches], DnsOptions: [...spec.dns.options] }
        : {}),
    },
  };
}

/** Docker's create options for an app or init container joined to its sandbox. */
export function containerCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const join = `container:${spec.sandboxId}`;
  return {
    name: dockerName(spec.identity),
    Image: spec.image,
    Labels: labelsFor(spec.identity, spec.extraLabels),
    ...(spec.command.length > 0 ? { Entrypoint: [...spec.command] } : {}),
    // With a command but no args, Kubernetes runs the command alone: an explicit empty Cmd drops the image's.
    ...(spec.args.length > 0 ? { Cmd: [...spec.args] } : spec.command.length > 0 ? { Cmd: [] } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    Env: [...spec.env],
    HostConfig: {
      NetworkMode: join,
      IpcMode: join,
      ...(spec.sharePid ? { PidMode: join } : {}),
      Binds: [...spec.binds],
      ...(spec.nanoCpus > 0 ? { NanoCpus: spec.nanoCpus } : {}),
      ...(spec.memoryBytes > 0 ? { Memory: spec.memoryBytes } : {}),
      Privileged: spec.privileged === true,
    },
  };
}
