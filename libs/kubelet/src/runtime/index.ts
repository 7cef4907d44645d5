export type { ContainerRecord, ContainerState } from "./container-record.js";
export type { ContainerSpec, PodDns, PortMapping, SandboxSpec } from "./container-specs.js";
export type { ContainerEvent } from "./docker-events.js";
export type { ImageInfo } from "./docker-images.js";
export type { ContainerUsage, ExecResult, LogOptions } from "./docker-observe.js";
export {
  createDockerRuntime,
  type DockerRuntime,
  type DockerRuntimeOptions,
  type EngineInfo,
} from "./docker-runtime.js";
export { effectivePullPolicy, type ImageRef, type PullPolicy, parseImageRef } from "./image-ref.js";
export { type ContainerIdentity, type ContainerKind, LABEL, SANDBOX_NAME } from "./labels.js";
export { RuntimeError, type RuntimeReason } from "./runtime-error.js";
