import type { LeaseService } from "@capstan/api";
import { type GrpcClient, renewNodeLease } from "@capstan/client";
import type { HollowNode } from "./hollow-node.js";

/** The Lease duration a kubelet announces (its nodeLeaseDurationSeconds default). */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** Renews a hollow node's Lease as a kubelet does, remembering what was written for the next renewal. */
export async function renewLease(
  leases: GrpcClient<typeof LeaseService>,
  node: HollowNode,
  signal: AbortSignal,
): Promise<void> {
  const owner = { nodeName: node.name, nodeUid: node.uid, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS };
  node.lease = await renewNodeLease(leases, owner, node.lease, signal);
}
