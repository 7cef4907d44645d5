import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Lease, LeaseSchema, type LeaseService, NamespaceService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { GrpcTransport } from "../grpc/grpc-client.js";
import { createGrpcClient } from "../grpc/grpc-client.js";
import type { GrpcClient } from "../grpc/service-types.js";

/** Where kubelets (and hollow nodes) keep their heartbeat Leases (one per node, named after it). */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** Creates the kube-node-lease namespace unless it exists. */
export async function ensureNodeLeaseNamespace(transport: GrpcTransport, signal: AbortSignal): Promise<void> {
  try {
    await createGrpcClient(NamespaceService, transport).create(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NODE_LEASE_NAMESPACE } },
      { signal },
    );
  } catch (error) {
    if (!ApiError.is(error, "AlreadyExists")) throw error;
  }
}

export interface NodeLeaseOwner {
  readonly nodeName: string;
  /** The Node's uid, so deleting the Node garbage-collects its Lease ("" until known). */
  readonly nodeUid: string;
  readonly leaseDurationSeconds: number;
}

/**
 * Renews the node's Lease and returns what was written: an update at the resourceVersion of `last` when
 * given; on a conflict or when the Lease is gone (someone else wrote or deleted it) it reads the Lease and
 * writes once more, creating it when absent.
 */
export async function renewNodeLease(
  leases: GrpcClient<typeof LeaseService>,
  owner: NodeLeaseOwner,
  last: Lease | undefined,
  signal: AbortSignal,
): Promise<Lease> {
  if (last) {
    try {
      return await leases.update(leaseOf(owner, last.metadata?.resourceVersion ?? ""), { signal });
    } catch (error) {
      if (!ApiError.is(error, "Conflict") && !ApiError.is(error, "NotFound")) throw error;
    }
  }
  let current: Lease | undefined;
  try {
    current = await leases.get({ namespace: NODE_LEASE_NAMESPACE, name: owner.nodeName }, { signal });
  } catch (error) {
    if (!ApiError.is(error, "NotFound")) throw error;
  }
  return current
    ? await leases.update(leaseOf(owner, current.metadata?.resourceVersion ?? ""), { signal })
    : await leases.create(leaseOf(owner, ""), { signal });
}

function leaseOf(owner: NodeLeaseOwner, resourceVersion: string): Lease {
  return create(LeaseSchema, {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      namespace: NODE_LEASE_NAMESPACE,
      name: owner.nodeName,
      resourceVersion,
      ownerReferences: owner.nodeUid
        ? [{ apiVersion: "v1", kind: "Node", name: owner.nodeName, uid: owner.nodeUid }]
        : [],
    },
    spec: {
      holderIdentity: owner.nodeName,
      leaseDurationSeconds: owner.leaseDurationSeconds,
      renewTime: timestampNow(),
    },
  });
}
