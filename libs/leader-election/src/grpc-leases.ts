import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Lease, LeaseSchema, type LeaseService } from "@capstan/api";
import { ApiError } from "@capstan/apimachinery";
import type { GrpcClient } from "@capstan/client";
import {
  LeaderElectionConfigError,
  type LeaseClient,
  LeaseConflictError,
  type LeaseRecord,
  type LeaseRef,
  type StoredLease,
} from "./lease-client.js";

/**
 * A {@link LeaseClient} over the typed gRPC LeaseService client
 * (`createGrpcClient(LeaseService, transport)` from @capstan/client). Conflict and AlreadyExists become
 * {@link LeaseConflictError}; NotFound on get becomes undefined.
 */
export function grpcLeases(client: GrpcClient<typeof LeaseService>): LeaseClient {
  if (typeof client !== "object" || client === null || typeof client.get !== "function") {
    throw new LeaderElectionConfigError("grpcLeases needs a LeaseService gRPC client");
  }
  return {
    async get(ref, options) {
      try {
        return stored(await client.get({ namespace: ref.namespace, name: ref.name }, options));
      } catch (error) {
        if (error instanceof ApiError && error.reason === "NotFound") return undefined;
        throw error;
      }
    },
    async create(ref, record, options) {
      return stored(await conflictsAsTyped(client.create(toLease(ref, record, ""), options)));
    },
    async update(ref, record, resourceVersion, options) {
      return stored(await conflictsAsTyped(client.update(toLease(ref, record, resourceVersion), options)));
    },
  };
}

async function conflictsAsTyped(call: Promise<Lease>): Promise<Lease> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && (error.reason === "Conflict" || error.reason === "AlreadyExists")) {
      throw new LeaseConflictError(error.message, { cause: error });
    }
    throw error;
  }
}

function toLease(ref: LeaseRef, record: LeaseRecord, resourceVersion: string): Lease {
  return create(LeaseSchema, {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { namespace: ref.namespace, name: ref.name, resourceVersion },
    spec: {
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      leaseTransitions: record.leaseTransitions,
      ...(record.acquireTime ? { acquireTime: timestampFromMs(record.acquireTime.getTime()) } : {}),
      ...(record.renewTime ? { renewTime: timestampFromMs(record.renewTime.getTime()) } : {}),
    },
  });
}

function stored(lease: Lease): StoredLease {
  const spec = lease.spec;
  return {
    resourceVersion: lease.metadata?.resourceVersion ?? "",
    record: {
      holderIdentity: spec?.holderIdentity ?? "",
      leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
      acquireTime: spec?.acquireTime ? timestampDate(spec.acquireTime) : undefined,
      renewTime: spec?.renewTime ? timestampDate(spec.renewTime) : undefined,
      leaseTransitions: spec?.leaseTransitions ?? 0,
    },
  };
}
