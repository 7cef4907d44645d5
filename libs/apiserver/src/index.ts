export {
  AdmissionChain,
  type AdmissionOperation,
  type AdmissionRequest,
  type MutatingAdmissionPlugin,
  type ValidatingAdmissionPlugin,
} from "./admission/admission.js";
export {
  type DefaultTolerationSeconds,
  defaultTolerationSecondsPlugin,
  KUBERNETES_DEFAULT_TOLERATION_SECONDS,
} from "./admission/default-toleration-seconds.js";
export {
  DEFAULT_SERVICE_CLUSTER_IP_RANGE,
  DEFAULT_SERVICE_NODE_PORT_RANGE,
  type ServiceAllocationOptions,
} from "./allocation/index.js";
export {
  type ApiServerComponent,
  type ApiServerEndpoints,
  apiServerConfig,
  apiServerDefinition,
  createApiServerComponent,
  openBus,
  openStore,
  sqlitePath,
} from "./component/index.js";
export {
  type ChangeFeedPublisher,
  type ChangeFeedPublisherOptions,
  createChangeFeedPublisher,
} from "./feed/change-feed-publisher.js";
export { createGrpcServer, type GrpcServer, type GrpcServerOptions } from "./grpc/grpc-server.js";
export { strategies, strategyFor } from "./kinds/index.js";
export { ageColumn, defaultStrategy } from "./registry/default-strategy.js";
export type { WriteResult } from "./registry/guaranteed-update.js";
export type { ListPage } from "./registry/list.js";
export type {
  DeleteOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  PropagationPolicy,
  WatchOptions,
  WriteOptions,
} from "./registry/options.js";
export type { PatchRequest, PatchResult } from "./registry/patch.js";
export { Registry } from "./registry/registry.js";
export { ResourceRegistry } from "./registry/resource-registry.js";
export type { ResourceStrategy, TableColumn } from "./registry/strategy.js";
export type { RegistryWatchEvent } from "./registry/watch.js";
export type { ApiServerOptions } from "./server/api-server-options.js";
export { SYSTEM_NAMESPACES } from "./server/bootstrap-namespaces.js";
export { type ApiServer, createApiServer } from "./server/create-api-server.js";
export { formatAge, formatDuration } from "./table/age.js";
