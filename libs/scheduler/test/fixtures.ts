import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Node, NodeSchema, type Pod, PodSchema } from "@capstan/api";
import { createNodeInfo } from "../src/framework/node-info.js";
import type { NodeInfo } from "../src/framework/types.js";

type PodSpecInit = NonNullable<MessageInitShape<typeof PodSchema>["spec"]>;
type PodMetaInit = NonNullable<MessageInitShape<typeof PodSchema>["metadata"]>;
type NodeSpecInit = NonNullable<MessageInitShape<typeof NodeSchema>["spec"]>;

/** A pod with one container requesting `requests` (cpu/memory strings) and the given spec/metadata fields. */
export function testPod(
  name: string,
  requests: Record<string, string> = {},
  spec: PodSpecInit = {},
  metadata: PodMetaInit = {},
): Pod {
  return create(PodSchema, {
    metadata: { name, namespace: "default", uid: `uid-${name}`, ...metadata },
    spec: { containers: [{ name: "app", image: "nginx", resources: { requests } }], ...spec },
  });
}

/** A node with the given allocatable resources (defaults 4 cpu, 8Gi, 110 pods) and extra fields. */
export function testNode(
  name: string,
  allocatable: Record<string, string> = {},
  init: { spec?: NodeSpecInit; labels?: Record<string, string> } = {},
): Node {
  const { labels, spec } = init;
  const resources = { cpu: "4", memory: "8Gi", pods: "110", ...allocatable };
  return create(NodeSchema, {
    ...(spec ? { spec } : {}),
    metadata: { name, labels: labels ?? { "kubernetes.io/hostname": name } },
    status: { capacity: resources, allocatable: resources },
  });
}

/** A NodeInfo for `node` with `pods` on it. */
export function info(node: Node, pods: Pod[] = []): NodeInfo {
  return createNodeInfo(node, pods);
}

/** A pod labelled `app: <app>` and controlled by the ReplicaSet `<app>` (what system default spreading reads). */
export function replicaPod(app: string, index: number, spec: PodSpecInit = {}): Pod {
  return testPod(`${app}-${index}`, {}, spec, {
    labels: { app },
    ownerReferences: [
      { apiVersion: "apps/v1", kind: "ReplicaSet", name: app, uid: `rs-${app}`, controller: true },
    ],
  });
}

/** A node labelled with its hostname and `zone`. */
export function zonedNode(name: string, zone: string, allocatable: Record<string, string> = {}): Node {
  return testNode(name, allocatable, {
    labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone },
  });
}
