import type { Message } from "@bufbuild/protobuf";
import type { ResourceType } from "@capstan/api";
import type { Logger } from "@capstan/runtime";
import type { Store } from "@capstan/store";
import type { ObjectStorage } from "../registry/object-storage.js";
import { createServiceAllocator, type ServiceAllocationOptions } from "./options.js";
import { ServiceStorage } from "./service-storage.js";

/**
 * The registry hook that gives core/v1 services their allocating storage (and every other resource the
 * plain one). Throws a TypeError at once for a malformed range, so a bad flag stops the apiserver at start.
 */
export function serviceStorageFor(
  store: Store,
  options: ServiceAllocationOptions,
  logger: Logger,
): (type: ResourceType) => ObjectStorage<Message> | undefined {
  const allocator = createServiceAllocator(store, options);
  return (type) => {
    if (type.group !== "" || type.resource !== "services") return undefined;
    const storage = new ServiceStorage(type, store, allocator, logger.child({ resource: "services" }));
    return storage as unknown as ObjectStorage<Message>;
  };
}
