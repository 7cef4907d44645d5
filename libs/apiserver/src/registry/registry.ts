import type { Message } from "@bufbuild/protobuf";
import { apiVersionOf, type ResourceType } from "@capstan/api";
import type { Logger } from "@capstan/runtime";
import type { Store } from "@capstan/store";
import type { AdmissionChain } from "../admission/admission.js";
import type { WatchCache } from "../watch/watch-cache.js";
import { defaultStrategy } from "./default-strategy.js";
import { ObjectStorage } from "./object-storage.js";
import { ResourceRegistry } from "./resource-registry.js";
import type { ResourceStrategy } from "./strategy.js";

export interface RegistryOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly cache: WatchCache;
  readonly admission: AdmissionChain;
  /** The resources served. */
  readonly resources: readonly ResourceType[];
  /** Strategies of the kinds that have one; the others get {@link defaultStrategy}. */
  readonly strategies: readonly ResourceStrategy[];
  readonly now: () => Date;
  /** A resource's own storage (services allocate IPs and ports in theirs); the plain one when undefined. */
  readonly storageFor?: (type: ResourceType) => ObjectStorage<Message> | undefined;
}

/** Every served resource's registry, found by REST path or by apiVersion and kind. */
export class Registry {
  readonly #byPath = new Map<string, ResourceRegistry>();
  readonly #byKind = new Map<string, ResourceRegistry>();
  readonly resources: readonly ResourceRegistry[];

  constructor(options: RegistryOptions) {
    const strategies = new Map(options.strategies.map((strategy) => [typeKey(strategy.type), strategy]));
    this.resources = options.resources.map((type) => {
      const strategy = strategies.get(typeKey(type)) ?? defaultStrategy(type);
      const registry = new ResourceRegistry({
        type,
        strategy,
        storage: options.storageFor?.(type) ?? new ObjectStorage<Message>(type, options.store),
        admission: options.admission,
        cache: options.cache,
        logger: options.logger.child({
          resource: type.group ? `${type.resource}.${type.group}` : type.resource,
        }),
        now: options.now,
      });
      this.#byPath.set(typeKey(type), registry);
      this.#byKind.set(`${apiVersionOf(type)}/${type.kind}`, registry);
      return registry;
    });
  }

  /** The registry of `/apis/<group>/<version>/<resource>` (group "" for `/api/v1`). */
  find(group: string, version: string, resource: string): ResourceRegistry | undefined {
    return this.#byPath.get(`${group}/${version}/${resource}`);
  }

  /** The registry of a kind (`apps/v1`, `Deployment`). */
  forKind(apiVersion: string, kind: string): ResourceRegistry | undefined {
    return this.#byKind.get(`${apiVersion}/${kind}`);
  }

  /** Like find, for resources the server always has (namespaces); throws when missing. */
  require(group: string, version: string, resource: string): ResourceRegistry {
    const registry = this.find(group, version, resource);
    if (!registry)
      throw new Error(`the registry does not serve ${resource} in ${group || "core"}/${version}`);
    return registry;
  }
}

function typeKey(type: Pick<ResourceType, "group" | "version" | "resource">): string {
  return `${type.group}/${type.version}/${type.resource}`;
}
