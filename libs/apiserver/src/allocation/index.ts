export {
  createServiceAllocator,
  DEFAULT_SERVICE_CLUSTER_IP_RANGE,
  DEFAULT_SERVICE_NODE_PORT_RANGE,
  type ServiceAllocationOptions,
} from "./options.js";
export { serviceStorageFor } from "./service-storage-for.js";
