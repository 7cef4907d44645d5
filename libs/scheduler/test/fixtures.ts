import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Node, NodeSchema, type Pod, PodSchema } from "@capstan/api";
import { createNodeInfo } from "../src/framework/node-info.js";
import type { NodeInfo } from "../src/framework/types.js";

type PodSpecInit = NonNullable<MessageInitShape<typeof PodSchema>["spec"]>;
type NodeSpecInit = NonNullable<MessageInitShape<typeof NodeSchema>["spec"]>;

/** A pod with one container requesting `requests` (cpu/memory strings) and the given spec fields. */
export function testPod(name: string, requests: Record<string, string> = {}, spec: PodSpecInit = {}): Pod {
  return create(PodSchema, {
    metadata: { name, namespace: "default", uid: `uid-${name}` },
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
