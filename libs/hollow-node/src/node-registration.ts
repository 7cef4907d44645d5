import type { Node, NodeService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { GrpcClient } from "@capstan/client";
import type { HollowNode } from "./hollow-node.js";

const MAX_ATTEMPTS = 5;

/**
 * Registers the node as a kubelet does: creates the Node; if it already exists (a restarted group), writes
 * the fresh status onto it through UpdateStatus, re-reading on a conflict. Records the Node's uid.
 */
export async function registerNode(
  nodes: GrpcClient<typeof NodeService>,
  node: HollowNode,
  desired: Node,
  signal: AbortSignal,
): Promise<void> {
  try {
    node.uid = (await nodes.create(desired, { signal })).metadata?.uid ?? "";
    return;
  } catch (error) {
    if (!ApiError.is(error, "AlreadyExists")) throw error;
  }
  for (let attempt = 1; ; attempt++) {
    const current = await nodes.get({ name: node.name }, { signal });
    try {
      const updated = await nodes.updateStatus({ ...current, status: desired.status }, { signal });
      node.uid = updated.metadata?.uid ?? "";
      return;
    } catch (error) {
      if (!ApiError.is(error, "Conflict") || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
