import { create } from "@bufbuild/protobuf";
import { type Node, NodeSchema, type NodeService, type NodeStatus } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { GrpcClient } from "@capstan/client";

const MAX_ATTEMPTS = 5;

type Nodes = GrpcClient<typeof NodeService>;

/**
 * Registers the node as a kubelet does: creates the Node with `labels` and `status`; when it exists (a
 * restarted kubelet), adds any missing or changed labels of ours and writes the fresh status through the
 * status subresource. Re-reads on a 409 Conflict (bounded). Returns the Node as last written.
 */
export async function registerNode(
  nodes: Nodes,
  name: string,
  labels: Record<string, string>,
  status: NodeStatus,
  signal: AbortSignal,
): Promise<Node> {
  try {
    const created = await nodes.create(
      create(NodeSchema, { apiVersion: "v1", kind: "Node", metadata: { name, labels }, spec: {}, status }),
      { signal },
    );
    // An apiserver that resets status on create (as for most kinds) gets it through the subresource.
    return created.status?.conditions.length
      ? created
      : await writeNodeStatus(nodes, created, status, signal);
  } catch (error) {
    if (!ApiError.is(error, "AlreadyExists")) throw error;
  }
  for (let attempt = 1; ; attempt++) {
    let current = await nodes.get({ name }, { signal });
    try {
      const existing = current.metadata?.labels ?? {};
      if (Object.entries(labels).some(([key, value]) => existing[key] !== value)) {
        const metadata = { ...current.metadata, labels: { ...existing, ...labels } };
        current = await nodes.update({ ...current, metadata } as Node, { signal });
      }
      return await writeNodeStatus(nodes, current, status, signal);
    } catch (error) {
      if (!ApiError.is(error, "Conflict") || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes `status` onto the Node through UpdateStatus at `node`'s resourceVersion; on a conflict reads the
 * Node again and retries (bounded), so a concurrent writer (the node controller's taints) never loses.
 */
export async function writeNodeStatus(
  nodes: Nodes,
  node: Node,
  status: NodeStatus,
  signal: AbortSignal,
): Promise<Node> {
  let current = node;
  for (let attempt = 1; ; attempt++) {
    try {
      return await nodes.updateStatus({ ...current, status }, { signal });
    } catch (error) {
      if (!ApiError.is(error, "Conflict") || attempt >= MAX_ATTEMPTS) throw error;
      current = await nodes.get({ name: node.metadata?.name ?? "" }, { signal });
    }
  }
}
