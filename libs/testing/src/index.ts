export {
  DOCKER_CLI,
  DockerCliError,
  docker,
  ensureTestImage,
  imageExists,
  removeLabelledContainers,
  type TestImageOptions,
} from "./docker.js";
export { type EtcdCluster, type EtcdMember, type EtcdOptions, startEtcd } from "./etcd.js";
export { freePort } from "./free-port.js";
export { type NatsOptions, type NatsServer, startNats } from "./nats.js";
export { type ManagedProcess, type StartOptions, startProcess, waitForPort } from "./process.js";
export { type Registry, type RegistryOptions, startRegistry } from "./registry.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
