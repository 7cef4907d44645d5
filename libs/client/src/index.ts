export {
  createEventRecorder,
  type EventRecorder,
  type EventRecorderOptions,
  type EventType,
} from "./events/event-recorder.js";
export type { EventSubject } from "./events/involved-object.js";
export {
  createGrpcClient,
  createGrpcTransport,
  type GrpcTransport,
  type GrpcTransportOptions,
} from "./grpc/grpc-client.js";
export { addGrpcService, type GrpcErrorListener } from "./grpc/grpc-service.js";
export { apiErrorFromGrpc, STATUS_METADATA_KEY, toGrpcStatus } from "./grpc/grpc-status.js";
export {
  type HealthCheckRequest,
  HealthCheckRequestSchema,
  type HealthCheckResponse,
  HealthCheckResponseSchema,
  HealthService,
  healthFile,
  ServingStatus,
} from "./grpc/health-service.js";
export { bytesToBuffer, createServiceDefinition } from "./grpc/service-definition.js";
export {
  type CallOptions,
  type GrpcClient,
  type GrpcServiceImplementation,
  type HandlerContext,
  methodPath,
  type SupportedMethodKind,
} from "./grpc/service-types.js";
export { enqueueKeys } from "./informer/enqueue.js";
export { createFeedSource, type FeedSourceOptions } from "./informer/feed-source.js";
export {
  createGrpcSource,
  type GrpcSourceOptions,
  type ListWatchClient,
} from "./informer/grpc-source.js";
export {
  type ChangeHandler,
  createInformer,
  type Informer,
  type InformerOptions,
} from "./informer/informer.js";
export { createLister, type LabelMatcher, type Lister, type ListerListOptions } from "./informer/lister.js";
export { type KubeObject, keyOf, type ObjectMetaLike, revisionOf } from "./informer/object.js";
export { type CacheChange, ObjectCache } from "./informer/object-cache.js";
export type { InformerSource, SourceEvent, SourceList } from "./informer/source.js";
export {
  ensureNodeLeaseNamespace,
  NODE_LEASE_NAMESPACE,
  type NodeLeaseOwner,
  renewNodeLease,
} from "./node-lease/node-lease.js";
export { type Clock, createFakeClock, type FakeClock, systemClock, type Timer } from "./workqueue/clock.js";
export {
  createDefaultControllerRateLimiter,
  createExponentialBackoffRateLimiter,
  createMaxOfRateLimiter,
  createTokenBucketRateLimiter,
  DEFAULT_BACKOFF,
  DEFAULT_BUCKET,
  type RateLimiter,
} from "./workqueue/rate-limiter.js";
export {
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
  TerminalError,
} from "./workqueue/reconciler.js";
export { type RunWorkersOptions, runWorkers } from "./workqueue/run-workers.js";
export { createWorkQueue, type WorkQueue, type WorkQueueOptions } from "./workqueue/work-queue.js";
