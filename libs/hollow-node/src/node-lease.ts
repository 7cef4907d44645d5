import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Lease, LeaseSchema, type LeaseService, NamespaceService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import { createGrpcClient, type GrpcClient, type GrpcTransport } from "@capstan/client";
import type { HollowNode } from "./hollow-node.js";

/** Where kubelets keep their heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";
/** The Lease duration a kubelet announces (its nodeLeaseDurationSeconds default). */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** Creates the kube-node-lease namespace unless it exists. */
export async function ensureLeaseNamespace(transport: GrpcTransport, signal: AbortSignal): Promise<void> {
  const namespaces = createGrpcClient(NamespaceService, transport);
  try {
    await namespaces.create(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NODE_LEASE_NAMESPACE } },
      { signal },
    );
  } catch (error) {
    if (!ApiError.is(error, "AlreadyExists")) throw error;
  }
}

/**
 * Renews the node's Lease (creating it the first time): one update at the resourceVersion last written;
 * on a conflict (someone else wrote it, or a restarted group) it reads the Lease and writes once more.
 */
export async function renewLease(
  leases: GrpcClient<typeof LeaseService>,
  node: HollowNode,
  signal: AbortSignal,
): Promise<void> {
  const ref = { namespace: NODE_LEASE_NAMESPACE, name: node.name };
  if (node.lease) {
    try {
      node.lease = await leases.update(leaseOf(node, node.lease.metadata?.resourceVersion ?? ""), { signal });
      return;
    } catch (error) {
      if (!ApiError.is(error, "Conflict") && !ApiError.is(error, "NotFound")) throw error;
    }
  }
  let current: Lease | undefined;
  try {
    current = await leases.get(ref, { signal });
  } catch (error) {
    if (!ApiError.is(error, "NotFound")) throw error;
  }
  node.lease = current
    ? await leases.update(leaseOf(node, current.metadata?.resourceVersion ?? ""), { signal })
    : await leases.create(leaseOf(node, ""), { signal });
}

function leaseOf(node: HollowNode, resourceVersion: string): Lease {
  return create(LeaseSchema, {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      namespace: NODE_LEASE_NAMESPACE,
      name: node.name,
      resourceVersion,
      ownerReferences: node.uid ? [{ apiVersion: "v1", kind: "Node", name: node.name, uid: node.uid }] : [],
    },
    spec: {
      holderIdentity: node.name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: timestampNow(),
    },
  });
}
