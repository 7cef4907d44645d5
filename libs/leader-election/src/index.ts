export { grpcLeases } from "./grpc-leases.js";
export { createLeaderElector, type LeaderElectorOptions } from "./leader-elector.js";
export {
  LeaderElectionConfigError,
  type LeaseCallOptions,
  type LeaseClient,
  LeaseConflictError,
  type LeaseRecord,
  type LeaseRef,
  type StoredLease,
} from "./lease-client.js";
