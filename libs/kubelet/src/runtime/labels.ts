/**
 * Labels on every container the kubelet creates. They are the source of truth about what runs: a restarted
 * kubelet rebuilds its view from them, and the node label keeps kubelets that share an engine apart.
 */
export const LABEL = {
  node: "io.capstan.node",
  podUid: "io.capstan.pod.uid",
  podName: "io.capstan.pod.name",
  podNamespace: "io.capstan.pod.namespace",
  containerName: "io.capstan.container.name",
  /** "sandbox", "init" or "app". */
  containerKind: "io.capstan.container.kind",
  /** 0 for the first instance of a container in a pod, then +1 per restart (the restartCount). */
  attempt: "io.capstan.container.attempt",
  image: "io.capstan.container.image",
} as const;

/** The container name Kubernetes gives a pod's sandbox. */
export const SANDBOX_NAME = "POD";

export type ContainerKind = "sandbox" | "init" | "app";

/** Who a container belongs to, read back from its labels. */
export interface ContainerIdentity {
  readonly node: string;
  readonly podUid: string;
  readonly podName: string;
  readonly podNamespace: string;
  readonly containerName: string;
  readonly kind: ContainerKind;
  readonly attempt: number;
  readonly image: string;
}

/** The labels for a container with this identity (plus any extra labels, which cannot override ours). */
export function labelsFor(
  identity: ContainerIdentity,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    [LABEL.node]: identity.node,
    [LABEL.podUid]: identity.podUid,
    [LABEL.podName]: identity.podName,
    [LABEL.podNamespace]: identity.podNamespace,
    [LABEL.containerName]: identity.containerName,
    [LABEL.containerKind]: identity.kind,
    [LABEL.attempt]: String(identity.attempt),
    [LABEL.image]: identity.image,
  };
}

const KINDS = new Set<string>(["sandbox", "init", "app"]);

/** Reads an identity back from labels; undefined for a container the kubelet did not make. */
export function identityFrom(labels: Record<string, string> | undefined): ContainerIdentity | undefined {
  if (!labels) return undefined;
  const kind = labels[LABEL.containerKind];
  const attempt = Number(labels[LABEL.attempt]);
  const node = labels[LABEL.node];
  const podUid = labels[LABEL.podUid];
  if (!node || !podUid || !kind || !KINDS.has(kind) || !Number.isInteger(attempt) || attempt < 0)
    return undefined;
  return {
    node,
    podUid,
    podName: labels[LABEL.podName] ?? "",
    podNamespace: labels[LABEL.podNamespace] ?? "",
    containerName: labels[LABEL.containerName] ?? "",
    kind: kind as ContainerKind,
    attempt,
    image: labels[LABEL.image] ?? "",
  };
}

/** Docker's name for a container: readable, unique per pod uid and attempt (as Kubernetes' `k8s_...`). */
export function dockerName(identity: ContainerIdentity): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, "-");
  return [
    "k8s",
    safe(identity.containerName),
    safe(identity.podName),
    safe(identity.podNamespace),
    identity.podUid.slice(0, 13),
    String(identity.attempt),
  ].join("_");
}
